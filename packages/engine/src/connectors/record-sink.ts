import type { DataRecord } from './record-batch.js'
import type { FileFormat } from './read-records.js'

/** What a finished sink wrote: the file, its format, and counts and hash of its bytes. */
export interface SinkResult {
  readonly path: string
  readonly format: FileFormat
  readonly records: number
  readonly bytes: number
}

/** Receives record batches and writes them to one file; `finish` or `abort` ends it. */
export interface RecordSink {
  /** Writes a batch; resolves when the output can take more (backpressure). */
  write(batch: DataRecord[]): Promise<void>
  /** Flushes and closes the file; the result describes exactly the bytes on disk. */
  finish(): Promise<SinkResult>
  /** Stops writing and removes the partial file. */
  abort(): Promise<void>
}

/** Column types a sink can be told (Parquet uses them; text formats need none). */
export const ColumnType = {
  string: 'string',
  int: 'int',
  float: 'float',
  bool: 'bool',
  timestamp: 'timestamp',
  json: 'json',
} as const
export type ColumnType = (typeof ColumnType)[keyof typeof ColumnType]

/** Options for {@link openFileSink}. */
export interface FileSinkOptions {
  /** Column order (CSV header, Parquet schema); default: keys of the first batch, in order. */
  readonly columns?: readonly string[]
  /**
   * The CSV header written when no record arrives and `columns` is not given: a header-only file
   * reads back as 0 records, where a 0-byte one is an error (RUNINK_SOURCE_EMPTY).
   */
  readonly emptyColumns?: readonly string[]
  /** Parquet column types; columns not named here are inferred from the first row group. */
  readonly types?: Readonly<Record<string, ColumnType>>
  /** Parquet rows per row group (default 10,000): bounds the sink's memory. */
  readonly rowGroupSize?: number
}
