import {
  mergeReasons,
  type DeadLetter,
  type InvalidReason,
  type SliceFailureReport,
  type SliceReport,
} from '../stage/index.js'

/** Invalid records a stage keeps as evidence (over all its slices). */
const SAMPLE = 5

/**
 * The numbers `@assert` expressions see (the DSL's ASSERT_VARIABLES), summed over slices, and
 * what the summary and `runi status` show. They reconcile: `records.in + added = valid.count +
 * invalid.count + filtered` (see SliceCounts).
 */
export interface StageStats {
  /** `out`: valid records written to at least one sink (never dead-letter writes). */
  readonly records: { readonly in: number; readonly out: number }
  readonly valid: { readonly count: number; readonly ratio: number }
  readonly invalid: { readonly count: number; readonly ratio: number }
  /** Records steps dropped: `filter`, `dedupe`, a step returning nothing or fewer records. */
  readonly filtered: number
  /** Records steps made beyond those they read (a step returning several for one). */
  readonly added: number
  readonly unrouted: number
  /** Records written, by sink URI. */
  readonly sinks: Readonly<Record<string, number>>
  /** Counters steps reported with `ctx.count(name)`. */
  readonly metrics: Readonly<Record<string, number>>
  /** The most frequent reasons records were invalid. */
  readonly reasons: readonly InvalidReason[]
  /** The first invalid records, as their dead-letter envelopes. */
  readonly sample: readonly DeadLetter[]
  readonly durationMs: number
}

/**
 * Sums slice reports into stage stats; the reports of failed slices (their counts and
 * evidence so far) sum the same way, without sinks or durations.
 */
export function stageStats(reports: readonly (SliceReport | SliceFailureReport)[]): StageStats {
  const sum = (f: (r: SliceFailureReport) => number): number =>
    reports.reduce((a, r) => a + f(r), 0)
  const valid = sum((r) => r.valid)
  const invalid = sum((r) => r.invalid)
  const seen = valid + invalid
  const sinks: Record<string, number> = {}
  const metrics: Record<string, number> = {}
  for (const r of reports) {
    if ('sinks' in r) for (const s of r.sinks) sinks[s.uri] = (sinks[s.uri] ?? 0) + s.records
    for (const [k, v] of Object.entries(r.metrics ?? {})) metrics[k] = (metrics[k] ?? 0) + v
  }
  return {
    records: { in: sum((r) => r.recordsIn), out: sum((r) => r.recordsOut) },
    valid: { count: valid, ratio: seen === 0 ? 0 : valid / seen },
    invalid: { count: invalid, ratio: seen === 0 ? 0 : invalid / seen },
    filtered: sum((r) => r.filtered),
    added: sum((r) => r.added),
    unrouted: sum((r) => r.unrouted),
    sinks,
    metrics,
    reasons: mergeReasons(reports.map((r) => r.reasons)),
    sample: reports.flatMap((r) => r.sample).slice(0, SAMPLE),
    durationMs: Math.max(0, ...reports.map((r) => ('durationMs' in r ? r.durationMs : 0))),
  }
}
