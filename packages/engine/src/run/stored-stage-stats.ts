import type { StageRunStats } from '../ports/index.js'
import type { StageStats } from './stage-stats.js'

/**
 * A stage's stats as the Barn keeps them (see StageRunStats). The sample of invalid records is
 * kept only as a failed stage's evidence (`withSample`): a stage that succeeded published its
 * dead letters to its sinks.
 */
export function storedStageStats(stats: StageStats, withSample: boolean): StageRunStats {
  return {
    in: stats.records.in,
    out: stats.records.out,
    valid: stats.valid.count,
    invalid: stats.invalid.count,
    filtered: stats.filtered,
    added: stats.added,
    unrouted: stats.unrouted,
    sinks: stats.sinks,
    metrics: stats.metrics,
    reasons: stats.reasons,
    ...(withSample && stats.sample.length > 0 ? { sample: stats.sample } : {}),
  }
}
