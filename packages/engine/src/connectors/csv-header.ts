import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { delimiterOf } from './csv-options.js'
import { CsvRows } from './csv-rows.js'
import type { FileFormat } from './read-records.js'
import type { FileSinkOptions } from './record-sink.js'
import { Utf8Text } from './utf8-text.js'

/** The header row of a CSV file, or undefined when it has none (0 bytes, blank). */
export async function csvHeaderOf(file: string): Promise<string[] | undefined> {
  const rows = new CsvRows(delimiterOf(file))
  const utf8 = new Utf8Text()
  const stream = createReadStream(file, { highWaterMark: 64 * 1024 })
  try {
    for await (const chunk of stream) {
      const result = rows.push(utf8.write(chunk as Buffer), false)
      if ('rows' in result && result.rows.length > 0) return result.rows[0]!.map((h) => h.trim())
      if ('problem' in result) return undefined
    }
    const result = rows.push(utf8.end(), true)
    return 'rows' in result ? result.rows[0]?.map((h) => h.trim()) : undefined
  } finally {
    stream.destroy()
  }
}

/**
 * How to open the file that partition parts of one sink are merged into: for CSV, the first
 * part's header as the header to write when no part holds a record, so an empty output stays a
 * header-only file (0 records), never a 0-byte one (which is not read: RUNINK_SOURCE_EMPTY).
 */
export async function mergedSinkOptions(
  parts: readonly string[],
  format: FileFormat,
): Promise<FileSinkOptions> {
  if (format !== 'csv') return {}
  for (const part of parts) {
    if ((await stat(part)).size === 0) continue
    const header = await csvHeaderOf(part)
    if (header !== undefined) return { emptyColumns: header }
  }
  return {}
}

/** Whether a staged part holds anything: a 0-byte part (an output with no record) holds none. */
export async function partHasBytes(part: string): Promise<boolean> {
  return (await stat(part)).size > 0
}
