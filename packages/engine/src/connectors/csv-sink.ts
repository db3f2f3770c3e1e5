import { stringify } from 'csv-stringify/sync'
import type { DataRecord } from './record-batch.js'
import type { RecordSink } from './record-sink.js'
import { openTextSink } from './text-sink.js'
import { valueJson } from './json-text.js'
import { SourceError } from './source-error.js'
import { columnsOf } from './columns-of.js'

/** The text of one CSV cell: strings as is, nested values as JSON, null/undefined empty. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object') return valueJson(value)
  return String(value)
}

/**
 * A sink writing CSV with a header row. Columns come from `columns` or the keys of the first
 * batch in order; a later record with a key outside them fails rather than losing the value.
 */
export function openCsvSink(
  file: string,
  options: { columns?: readonly string[]; emptyColumns?: readonly string[] } = {},
): Promise<RecordSink> {
  let columns = options.columns
  const header = (): string => {
    const names = columns ?? options.emptyColumns
    return names && names.length > 0 ? stringify([names as string[]]) : ''
  }
  return openTextSink(file, 'csv', {
    encode(batch, index) {
      const cols = (columns ??= columnsOf(batch))
      const known = new Set(cols)
      const rows = batch.map((record, i) => {
        for (const key in record) {
          if (!known.has(key) && record[key] !== undefined) unknownColumn(file, key, index + i)
        }
        return cols.map((c) => cell((record as DataRecord)[c]))
      })
      return (index === 0 ? header() : '') + stringify(rows)
    },
    end: (records) => (records === 0 ? header() : ''),
  })
}

function unknownColumn(file: string, key: string, index: number): never {
  throw new SourceError(
    'RUNINK_SINK_FAILED',
    `${file}: record ${index + 1} has field '${key}', which is not among the CSV columns (pass the columns to the sink)`,
    { file, field: key, record: index + 1 },
  )
}
