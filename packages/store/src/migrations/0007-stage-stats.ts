/**
 * A stage run's numbers and evidence: its reconciled counts (in, valid, invalid, filtered,
 * out), the counters its steps reported with `ctx.count()`, its sinks' counts, the top reasons
 * records were invalid and, for a failed stage, the first invalid records (dead-letter
 * envelopes): what `runi status` shows, readable after the stage failed.
 */
export const stageStats = `
ALTER TABLE stage_runs ADD COLUMN stats jsonb;
`
