import type { ParquetParsers } from 'hyparquet'
import type { RecordBatches, DataRecord } from './record-batch.js'
import { SourceError, fileError } from './source-error.js'
import { isoOrNull, plainValue } from './plain-value.js'

const BATCH = 4096

// Dates and timestamps arrive as ISO strings (dates as YYYY-MM-DD), not Date objects.
const parsers: Partial<ParquetParsers> = {
  dateFromDays: (days: number) => isoOrNull(new Date(days * 86_400_000))?.slice(0, 10),
  timestampFromMilliseconds: (ms: bigint) => isoOrNull(new Date(Number(ms))),
  timestampFromMicroseconds: (us: bigint) => isoOrNull(new Date(Number(us / 1000n))),
  timestampFromNanoseconds: (ns: bigint) => isoOrNull(new Date(Number(ns / 1_000_000n))),
}

/**
 * Streams a Parquet file (any codec: uncompressed, Snappy, Gzip, Brotli, ZSTD, LZ4, LZ4_RAW, the
 * decoders of hyparquet-compressors) one row group at a time (only that group's column chunks are read),
 * yielding batches of plain records: BigInt as number when exact (else string), dates and
 * timestamps as ISO strings, nested lists and structs as arrays and objects.
 */
export async function* readParquet(file: string): RecordBatches {
  // The Parquet reader loads with the first Parquet source, not with every slice.
  const [{ asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects }, { compressors }] =
    await Promise.all([import('hyparquet'), import('hyparquet-compressors')])
  let buffer
  let metadata
  try {
    buffer = await asyncBufferFromFile(file)
    if (buffer.byteLength === 0)
      throw new SourceError(
        'RUNINK_SOURCE_EMPTY',
        `${file}: empty file, not Parquet (a Parquet file with no rows still has its schema)`,
        { file },
      )
    metadata = await parquetMetadataAsync(buffer)
  } catch (error) {
    if (error instanceof SourceError) throw error
    if ((error as { code?: string }).code) fileError(error, file)
    throw malformed(file, error)
  }
  let rowStart = 0
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows)
    let rows: Record<string, unknown>[]
    try {
      rows = await parquetReadObjects({
        file: buffer,
        metadata,
        rowStart,
        rowEnd,
        parsers,
        compressors,
      })
    } catch (error) {
      if ((error as { code?: string }).code) fileError(error, file)
      throw malformed(file, error)
    }
    rowStart = rowEnd
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch: DataRecord[] = []
      for (const row of rows.slice(i, i + BATCH)) batch.push(plainValue(row) as DataRecord)
      yield batch
    }
  }
}

function malformed(file: string, error: unknown): SourceError {
  return new SourceError(
    'RUNINK_SOURCE_MALFORMED',
    `${file}: not a readable Parquet file (${(error as Error).message})`,
    { file },
  )
}
