import type { BuiltinParams } from '@runink/dsl/builtin-steps'
import type { DataRecord } from '../connectors/index.js'
import type { BatchTransform } from './batch-transform.js'
import { StageError } from './stage-error.js'

/**
 * `quality(not_null="a,b", unique="id", min_rows=1)`: a gate that passes records through and
 * fails the stage, with every violation counted, when the checks do not hold at the end.
 */
export function qualityStep(params: BuiltinParams['quality']): BatchTransform {
  const notNull = params.not_null ?? []
  const unique = params.unique ?? []
  const minRows = params.min_rows
  return async function* quality(input) {
    const nulls = new Map<string, number>(notNull.map((f) => [f, 0]))
    const seen = new Map<string, Set<string>>(unique.map((f) => [f, new Set()]))
    const duplicates = new Map<string, number>(unique.map((f) => [f, 0]))
    let rows = 0
    for await (const batch of input) {
      rows += batch.length
      for (const r of batch as DataRecord[]) {
        for (const f of notNull)
          if (r[f] === null || r[f] === undefined || r[f] === '') nulls.set(f, nulls.get(f)! + 1)
        for (const f of unique) {
          const key = JSON.stringify(r[f] ?? null)
          const set = seen.get(f)!
          if (set.has(key)) duplicates.set(f, duplicates.get(f)! + 1)
          else set.add(key)
        }
      }
      yield batch
    }
    const problems: string[] = []
    for (const [f, n] of nulls) if (n > 0) problems.push(`${n} record(s) with no ${f}`)
    for (const [f, n] of duplicates) if (n > 0) problems.push(`${n} duplicate ${f} value(s)`)
    if (minRows !== undefined && rows < minRows)
      problems.push(`${rows} record(s), fewer than min_rows=${minRows}`)
    if (problems.length > 0) {
      throw new StageError(
        'RUNINK_STAGE_QUALITY_FAILED',
        `quality check failed: ${problems.join('; ')}`,
        { problems },
      )
    }
  }
}
