import type { CheckSqlOptions, SqlProblem } from './check-sql.js'

/**
 * Checks a `sql` step's query against empty tables typed from contracts (see `check-sql.ts`).
 * DuckDB's native bindings load on first use, as for `runSql`.
 */
export async function checkSql(query: string, options: CheckSqlOptions): Promise<SqlProblem[]> {
  const { checkSql: check } = await import('./check-sql.js')
  return check(query, options)
}
