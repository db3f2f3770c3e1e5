import type { FileFormat, ValidationMode } from '@runink/core'
import type { CsvOptions } from './csv-options.js'
import { readCsv } from './csv-source.js'
import { readJson } from './json-source.js'
import { readJsonl } from './jsonl-source.js'
import { readParquet } from './parquet-source.js'
import type { RecordBatches } from './record-batch.js'
import { SourceError } from './source-error.js'

/** File formats Runink reads and writes. */
export { FileFormat } from '@runink/core'

const EXTENSIONS: Readonly<Record<string, FileFormat>> = {
  '.csv': 'csv',
  // Tab-separated CSV: the reader splits on tabs for a .tsv file (see delimiterOf).
  '.tsv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.parquet': 'parquet',
}

/** The format a file name implies, or undefined. */
export function formatOfPath(file: string): FileFormat | undefined {
  const dot = file.lastIndexOf('.')
  return dot < 0 ? undefined : EXTENSIONS[file.slice(dot).toLowerCase()]
}

/** Text formats are validated in coerce mode, typed ones in strict mode (DESIGN §8). */
export function defaultModeOf(format: FileFormat): ValidationMode {
  return format === 'csv' ? 'coerce' : 'strict'
}

/**
 * Opens a data file as record batches, by its extension or an explicit format; `csv` options
 * (delimiter, null markers) apply to CSV files.
 */
export function readRecords(
  file: string,
  format = formatOfPath(file),
  csv: CsvOptions = {},
): RecordBatches {
  switch (format) {
    case 'csv':
      return readCsv(file, csv)
    case 'jsonl':
      return readJsonl(file)
    case 'json':
      return readJson(file)
    case 'parquet':
      return readParquet(file)
    case undefined:
      throw new SourceError(
        'RUNINK_SOURCE_UNSUPPORTED',
        `${file}: cannot read this format here (use .csv, .tsv, .jsonl, .ndjson, .json or .parquet)`,
        { file },
      )
  }
}
