import type { FileFormat } from './read-records.js'
import type { FileSinkOptions, RecordSink } from './record-sink.js'
import { openCsvSink } from './csv-sink.js'
import { openJsonlSink } from './jsonl-sink.js'
import { openJsonSink } from './json-sink.js'
import { openParquetSink } from './parquet-sink.js'

/**
 * Opens a sink writing `format` to `file` (the engine passes a staging path and commits it
 * with `commitStaged` once the slice succeeds). Bytes are counted as they are written (the commit hashes what it publishes).
 */
export function openFileSink(
  file: string,
  format: FileFormat,
  options: FileSinkOptions = {},
): Promise<RecordSink> {
  switch (format) {
    case 'csv':
      return openCsvSink(file, options)
    case 'jsonl':
      return openJsonlSink(file)
    case 'json':
      return openJsonSink(file)
    case 'parquet':
      return openParquetSink(file, options)
  }
}
