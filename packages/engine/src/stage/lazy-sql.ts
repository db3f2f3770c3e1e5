import type { RecordBatches } from '../connectors/index.js'
import type { RunSqlOptions } from '../sql/index.js'

/**
 * `runSql`, loading DuckDB's native bindings only when a slice actually runs SQL: most slices
 * never do, and loading them costs more than starting the slice.
 */
export async function* lazyRunSql(
  query: string,
  input: RecordBatches | undefined,
  options: RunSqlOptions = {},
): RecordBatches {
  const { runSql } = await import('../sql/index.js')
  yield* runSql(query, input, options)
}
