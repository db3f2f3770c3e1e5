// Child process: DuckDB doing the same transform — typed read_csv, a WHERE with the contract's
// constraints, sha256 of the keyed pii column, COPY to NDJSON.
// Usage: node duckdb-child.js <csv> <out.jsonl> <threads>
import { DuckDBInstance } from '@duckdb/node-api'
import { report } from './child-stats.js'
import { duckdbTransformSql } from './duckdb-sql.js'

const [csv, out, threads] = process.argv.slice(2)
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) })
const connection = await instance.connect()
const result = await connection.run(duckdbTransformSql(csv, out))
const records = Number((await result.getRows())[0]?.[0] ?? 0)
connection.closeSync()
report({ records })
