import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import type { DataRecord, RecordBatches } from '../connectors/index.js'
import type { Contract } from '@runink/contracts'
import { loadInput } from './load-input.js'
import { sqlIdentifier } from './sql-names.js'
import { plainDuckDBValue } from './duckdb-values.js'
import { sqlError } from './sql-error.js'

/** Options for {@link runSql}. */
export interface RunSqlOptions {
  /** Name of the table holding the input records (default `input`). */
  readonly table?: string
  /** Records per output batch (default 2048, DuckDB's chunk size). */
  readonly batchSize?: number
  /** Where the temporary input file and DuckDB's spill files go (default the OS temp dir). */
  readonly tempDir?: string
  /** DuckDB worker threads (default: DuckDB's own choice, the machine's cores). */
  readonly threads?: number
  /**
   * More named input tables (one per source of a multi-source stage). When `input` is
   * undefined, the `input` table is a view of their union, matched by column name.
   */
  readonly tables?: Readonly<Record<string, RecordBatches>>
  /**
   * The contract of the records of a table (`input` or one of `tables`), by table name: an
   * empty input gets its columns and types from it (rows are typed by inference).
   */
  readonly contracts?: Readonly<Record<string, Contract | undefined>>
}

/**
 * Runs a DuckDB query over a stage's input records and streams the result rows back as
 * batches of plain records. The input is fully loaded first (a query may aggregate over all of
 * it); the query then runs with file and network access switched off, so it sees only the
 * `input` table. The DuckDB instance and the temporary files are removed whatever happens,
 * including when the consumer stops early.
 */
export async function* runSql(
  query: string,
  input: RecordBatches | undefined,
  options: RunSqlOptions = {},
): RecordBatches {
  const table = options.table ?? 'input'
  const batchSize = Math.max(1, options.batchSize ?? 2048)
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'runink-sql-'))
  let instance: DuckDBInstance | undefined
  let connection: DuckDBConnection | undefined
  try {
    instance = await DuckDBInstance.create(':memory:', {
      temp_directory: join(dir, 'spill'),
      autoinstall_known_extensions: 'false',
      ...(options.threads === undefined ? {} : { threads: String(options.threads) }),
    })
    connection = await instance.connect()
    const extra = Object.entries(options.tables ?? {})
    for (const [i, [name, records]] of extra.entries()) {
      const file = join(dir, `table-${i}.jsonl`)
      await loadInput(connection, records, name, file, query, options.contracts?.[name])
      await rm(file, { force: true })
    }
    if (input !== undefined) {
      const file = join(dir, 'input.jsonl')
      await loadInput(connection, input, table, file, query, options.contracts?.[table])
      await rm(file, { force: true })
    } else if (extra.length > 0) {
      const union = extra
        .map(([name]) => `SELECT * FROM ${sqlIdentifier(name)}`)
        .join(' UNION ALL BY NAME ')
      await connection.run(`CREATE VIEW ${sqlIdentifier(table)} AS ${union}`)
    }
    // The query comes from a feature file: it may read the input table, nothing else.
    await connection.run('SET enable_external_access = false; SET lock_configuration = true')
    const result = await connection.stream(query).catch((error: unknown) => {
      throw sqlError(error, 'query', query)
    })
    const names = result.deduplicatedColumnNames()
    const types = result.columnTypes()
    let batch: DataRecord[] = []
    for (;;) {
      const chunk = await result.fetchChunk().catch((error: unknown) => {
        throw sqlError(error, 'query', query)
      })
      if (chunk === null || chunk.rowCount === 0) break
      // Convert with the result's column types: a chunk's own vector types drop aliases
      // such as JSON, which must be parsed back into values.
      const columns = types.map((type, c) =>
        chunk.getColumnValues(c).map((v) => plainDuckDBValue(v, type, plainDuckDBValue)),
      )
      for (let r = 0; r < chunk.rowCount; r++) {
        const record: DataRecord = {}
        names.forEach((name, c) => (record[name] = columns[c]![r] ?? null))
        batch.push(record)
        if (batch.length >= batchSize) {
          yield batch
          batch = []
        }
      }
    }
    if (batch.length > 0) yield batch
  } finally {
    connection?.closeSync()
    instance?.closeSync()
    await rm(dir, { recursive: true, force: true })
  }
}
