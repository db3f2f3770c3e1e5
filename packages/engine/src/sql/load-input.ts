import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { Contract } from '@runink/contracts'
import type { RecordBatches } from '../connectors/index.js'
import { recordJson } from '../connectors/json-text.js'
import { sqlError } from './sql-error.js'

import { sqlIdentifier, sqlString } from './sql-names.js'
import { contractTableSql } from './contract-table.js'

/** Writes the input batches to an NDJSON file (disk, not memory); returns the record count. */
async function writeNdjson(input: RecordBatches, file: string): Promise<number> {
  const stream = createWriteStream(file)
  await once(stream, 'open')
  let records = 0
  try {
    for await (const batch of input) {
      let text = ''
      for (const record of batch) text += recordJson(record) + '\n'
      records += batch.length
      if (!stream.write(text)) await once(stream, 'drain')
    }
  } finally {
    await new Promise<void>((ok, fail) => stream.end((e?: Error | null) => (e ? fail(e) : ok())))
  }
  return records
}

/**
 * Loads the input records into table `table`. They go through a temporary NDJSON file read by
 * DuckDB's `read_json_auto` (measured faster end to end than a row appender once types must be
 * inferred, and it handles nested and mixed values). Type inference samples the file first;
 * if a later record does not fit the sampled types, the load is redone scanning every record.
 * With no records there is nothing to infer from: the table gets the columns and types of
 * `contract` (the records' contract), so a query over an empty input runs and gives no rows.
 * Upstream errors propagate unchanged; DuckDB's become SqlErrors.
 */
export async function loadInput(
  connection: DuckDBConnection,
  input: RecordBatches,
  table: string,
  file: string,
  query: string,
  contract?: Contract,
): Promise<number> {
  const records = await writeNdjson(input, file)
  if (records === 0 && contract !== undefined) {
    try {
      await connection.run(contractTableSql(table, contract))
    } catch (error) {
      throw sqlError(error, 'load', query)
    }
    return 0
  }
  const load = (extra: string): string =>
    `CREATE OR REPLACE TABLE ${sqlIdentifier(table)} AS SELECT * FROM ` +
    `read_json_auto(${sqlString(file)}, format = 'newline_delimited'${extra})`
  try {
    await connection.run(load(''))
  } catch (error) {
    if (!/sample_size/.test((error as Error).message)) throw sqlError(error, 'load', query)
    try {
      await connection.run(load(', sample_size = -1'))
    } catch (retryError) {
      throw sqlError(retryError, 'load', query)
    }
  }
  return records
}
