/**
 * A stage's counts and evidence as a run ledger keeps them: counts that reconcile
 * (`in + added = valid + invalid + filtered`), its sinks' counts, the counters its steps reported
 * with `ctx.count()`, the top reasons records were invalid and, for a failed stage, the first
 * invalid records (dead-letter envelopes) as evidence.
 */
export interface StageRunStats {
  readonly in: number
  /** Valid records written to at least one sink (never dead-letter writes). */
  readonly out: number
  readonly valid: number
  readonly invalid: number
  readonly filtered: number
  readonly added: number
  readonly unrouted: number
  readonly sinks: Readonly<Record<string, number>>
  readonly metrics: Readonly<Record<string, number>>
  readonly reasons: ReadonlyArray<{
    readonly field: string
    readonly rule: string
    readonly label: string
    readonly count: number
  }>
  /** Dead-letter envelopes of the first invalid records (kept for failed stages). */
  readonly sample?: readonly unknown[]
}
