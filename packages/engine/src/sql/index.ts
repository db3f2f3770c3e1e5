export { runSql } from './lazy-run-sql.js'
export type { RunSqlOptions } from './run-sql.js'
export { SqlError, SqlCodes } from './sql-error.js'
