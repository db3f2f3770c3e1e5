import type { SliceReport } from '../stage/index.js'

/** The numbers `@assert` expressions see (the DSL's ASSERT_VARIABLES), summed over slices. */
export interface StageStats {
  readonly records: { readonly in: number; readonly out: number }
  readonly valid: { readonly count: number; readonly ratio: number }
  readonly invalid: { readonly count: number; readonly ratio: number }
  readonly unrouted: number
  /** Records written, by sink URI. */
  readonly sinks: Readonly<Record<string, number>>
  /** Counters steps reported with `ctx.count(name)`. */
  readonly metrics: Readonly<Record<string, number>>
  readonly durationMs: number
}

/** Sums slice reports into stage stats. */
export function stageStats(reports: readonly SliceReport[]): StageStats {
  const sum = (f: (r: SliceReport) => number): number => reports.reduce((a, r) => a + f(r), 0)
  const valid = sum((r) => r.valid)
  const invalid = sum((r) => r.invalid)
  const seen = valid + invalid
  const sinks: Record<string, number> = {}
  const metrics: Record<string, number> = {}
  for (const r of reports) {
    for (const s of r.sinks) sinks[s.uri] = (sinks[s.uri] ?? 0) + s.records
    for (const [k, v] of Object.entries(r.metrics ?? {})) metrics[k] = (metrics[k] ?? 0) + v
  }
  return {
    records: { in: sum((r) => r.recordsIn), out: sum((r) => r.recordsOut) },
    valid: { count: valid, ratio: seen === 0 ? 0 : valid / seen },
    invalid: { count: invalid, ratio: seen === 0 ? 0 : invalid / seen },
    unrouted: sum((r) => r.unrouted),
    sinks,
    metrics,
    durationMs: Math.max(0, ...reports.map((r) => r.durationMs)),
  }
}
