import type { SliceReport } from '../stage/index.js'

/** The numbers `@assert` expressions see, summed over a stage's slices. */
export interface StageStats {
  readonly records: { readonly in: number; readonly out: number }
  readonly valid: { readonly count: number; readonly ratio: number }
  readonly invalid: { readonly count: number; readonly ratio: number }
  readonly duration: { readonly ms: number }
}

/** Sums slice reports into stage stats. */
export function stageStats(reports: readonly SliceReport[]): StageStats {
  const sum = (f: (r: SliceReport) => number): number => reports.reduce((a, r) => a + f(r), 0)
  const valid = sum((r) => r.valid)
  const invalid = sum((r) => r.invalid)
  const seen = valid + invalid
  return {
    records: { in: sum((r) => r.recordsIn), out: sum((r) => r.recordsOut) },
    valid: { count: valid, ratio: seen === 0 ? 0 : valid / seen },
    invalid: { count: invalid, ratio: seen === 0 ? 0 : invalid / seen },
    duration: { ms: Math.max(0, ...reports.map((r) => r.durationMs)) },
  }
}
