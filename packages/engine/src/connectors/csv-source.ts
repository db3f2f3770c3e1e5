import { createReadStream } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import type { RecordBatches, DataRecord } from './record-batch.js'
import { SourceError, fileError } from './source-error.js'
import { CsvRows } from './csv-rows.js'

/**
 * Builds the record of a row under header `names`, as csv-parse's `columns` option would (own
 * properties in header order; a repeated name keeps its last value at its first position), with
 * plain assignment so records stay fast objects. `__proto__` stays an own property.
 */
function recordOf(names: readonly string[]): (row: readonly string[]) => DataRecord {
  const proto = names.includes('__proto__')
  return (row) => {
    const out: DataRecord = {}
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!
      if (proto && name === '__proto__')
        Object.defineProperty(out, name, {
          value: row[i],
          enumerable: true,
          writable: true,
          configurable: true,
        })
      else out[name] = row[i]
    }
    return out
  }
}

/**
 * Streams a CSV file (header row first) as batches of records whose values are strings, as
 * read. Memory stays flat: one file chunk and its records at a time. Malformed CSV (a row whose
 * field count differs from the header's, a broken quoted field) raises a SourceError naming the
 * file and the line the row starts on.
 */
export async function* readCsv(file: string, options: { delimiter?: string } = {}): RecordBatches {
  const rows = new CsvRows(options.delimiter ?? ',')
  // 64 KiB chunks (~600 records a batch): with 256 KiB chunks a stage streaming 1M records
  // peaked ~50 MB higher at the same speed (more records in flight, more of them promoted).
  const stream = createReadStream(file, { highWaterMark: 64 * 1024 })
  const decoder = new StringDecoder('utf8')
  let make: ((row: readonly string[]) => DataRecord) | undefined
  const batchOf = (piece: string, last: boolean): DataRecord[] => {
    const result = rows.push(piece, last)
    if ('problem' in result) {
      const { line, message } = result.problem
      throw new SourceError('RUNINK_SOURCE_MALFORMED', `${file}:${line}: ${message}`, {
        file,
        line,
      })
    }
    const batch: DataRecord[] = []
    for (const row of result.rows) {
      if (make !== undefined) batch.push(make(row))
      else make = recordOf(row.map((h) => h.trim()))
    }
    return batch
  }
  try {
    for await (const chunk of stream) {
      const batch = batchOf(decoder.write(chunk as Buffer), false)
      if (batch.length > 0) yield batch
    }
    const batch = batchOf(decoder.end(), true)
    if (batch.length > 0) yield batch
  } catch (error) {
    stream.destroy()
    if (error instanceof SourceError) throw error
    fileError(error, file)
  }
}
