import type { RecordBatches } from '../connectors/index.js'
import type { RunSqlOptions } from './run-sql.js'

/**
 * Runs a DuckDB query over record batches (see `run-sql.ts`). DuckDB's native bindings load on
 * first use: importing them costs more than starting a slice, and most processes never run SQL.
 */
export async function* runSql(
  query: string,
  input: RecordBatches | undefined,
  options: RunSqlOptions = {},
): RecordBatches {
  const { runSql: run } = await import('./run-sql.js')
  yield* run(query, input, options)
}
