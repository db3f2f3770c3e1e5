import { createReadStream } from 'node:fs'
import { parse, CsvError } from 'csv-parse'
import type { RecordBatches, DataRecord } from './record-batch.js'
import { SourceError, fileError } from './source-error.js'

/**
 * Streams a CSV file (header row first) as batches of records whose values are strings, as
 * read. Memory stays flat: one file chunk and its records at a time. Malformed CSV raises a
 * SourceError naming the file and line.
 */
export async function* readCsv(file: string, options: { delimiter?: string } = {}): RecordBatches {
  const parser = parse({
    columns: (header: string[]) => header.map((h) => h.trim()),
    delimiter: options.delimiter ?? ',',
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
  })
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 })
  let batch: DataRecord[] = []
  parser.on('readable', () => {
    let record: DataRecord | null
    while ((record = parser.read() as DataRecord | null) !== null) batch.push(record)
  })
  const failure = new Promise<never>((_, reject) => parser.once('error', reject))
  failure.catch(() => undefined)
  try {
    for await (const chunk of stream) {
      await Promise.race([new Promise<void>((ok) => parser.write(chunk, () => ok())), failure])
      if (batch.length > 0) {
        const out = batch
        batch = []
        yield out
      }
    }
    await Promise.race([new Promise<void>((ok) => parser.end(() => ok())), failure])
    if (batch.length > 0) yield batch
  } catch (error) {
    stream.destroy()
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines
      throw new SourceError('RUNINK_SOURCE_MALFORMED', `${file}:${line ?? '?'}: ${error.message}`, {
        file,
        line,
      })
    }
    fileError(error, file)
  }
}
