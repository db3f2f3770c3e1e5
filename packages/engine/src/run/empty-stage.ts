import { describeReasons } from '../stage/index.js'
import type { StageStats } from './stage-stats.js'

/**
 * Why a stage that read records but wrote no valid record to any output fails (empty is not
 * success), or undefined when it did write, read nothing (a header-only file), or its scenario
 * says `@empty("allow")`. The message names what became of the records: the top reasons they
 * were invalid, how many steps filtered, how many valid ones no sink took.
 */
export function emptyStageFailure(stats: StageStats, allowEmpty: boolean): string | undefined {
  if (allowEmpty || stats.records.in === 0 || stats.records.out > 0) return undefined
  // "valid" only when that is what happened to every record; otherwise what was written.
  const head =
    stats.valid.count > 0 || stats.invalid.count === 0
      ? `0 of ${stats.records.in} record(s) written to an output`
      : `0 of ${stats.records.in} record(s) valid`
  const parts = [head]
  if (stats.invalid.count > 0 && stats.reasons.length > 0)
    parts[0] += `; top reasons: ${describeReasons(stats.reasons)}`
  if (stats.filtered > 0) parts.push(`${stats.filtered} filtered by the steps`)
  if (stats.valid.count > 0) parts.push(`${stats.valid.count} valid record(s) that no sink took`)
  return `stage wrote no valid record: ${parts.join('; ')} (if an empty output is intended, add @empty("allow") to the scenario)`
}
