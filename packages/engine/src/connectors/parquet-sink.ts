import type { ParquetWriter } from 'hyparquet-writer'
import type { DataRecord } from './record-batch.js'
import type { ColumnType, FileSinkOptions, RecordSink, SinkResult } from './record-sink.js'
import { openCountedFile } from './counted-file.js'
import { columnsOf } from './columns-of.js'
import { BASIC_TYPES, inferColumnType, toParquetValue } from './parquet-columns.js'
import { SourceError } from './source-error.js'

const DEFAULT_ROW_GROUP = 10_000

/**
 * A sink writing Parquet, one row group at a time: records are buffered up to `rowGroupSize`,
 * encoded, and the encoded bytes go straight to the file, so memory is bounded by one row
 * group however many records arrive. Column types come from `types` or are inferred from the
 * first row group; later values that cannot be represented in their column fail the sink.
 */
export async function openParquetSink(
  file: string,
  options: FileSinkOptions = {},
): Promise<RecordSink> {
  // The Parquet writer loads with the first Parquet sink, not with every slice.
  const { ByteWriter, ParquetWriter, schemaFromColumnData } = await import('hyparquet-writer')
  const groupSize = Math.max(1, options.rowGroupSize ?? DEFAULT_ROW_GROUP)
  const out = await openCountedFile(file)
  const bytesOut = new ByteWriter()
  let writer: ParquetWriter | undefined
  let columns: { name: string; type: ColumnType }[] | undefined
  let pending: DataRecord[] = []
  let records = 0
  let state: 'open' | 'finished' | 'aborted' = 'open'

  const fail = (message: string, details: Record<string, unknown>): never => {
    throw new SourceError('RUNINK_SINK_FAILED', `${file}: ${message}`, { file, ...details })
  }

  // Encoded bytes accumulate in the ByteWriter; move them to the file and reuse its buffer.
  const drain = async (): Promise<void> => {
    if (bytesOut.index === 0) return
    const chunk = new Uint8Array(bytesOut.buffer, 0, bytesOut.index).slice()
    bytesOut.index = 0
    await out.write(chunk)
  }

  const start = (sample: DataRecord[]): ParquetWriter => {
    const names = options.columns ? [...options.columns] : columnsOf(sample)
    columns = names.map((name) => ({
      name,
      type: options.types?.[name] ?? inferColumnType(sample, name),
    }))
    const schema = schemaFromColumnData({
      columnData: columns.map(({ name, type }) => ({ name, data: [], type: BASIC_TYPES[type] })),
    })
    return new ParquetWriter({ writer: bytesOut, schema, createdBy: 'runink' })
  }

  const flushGroup = async (group: DataRecord[]): Promise<void> => {
    writer ??= start(group)
    const cols = columns ?? []
    const known = new Set(cols.map((c) => c.name))
    group.forEach((record, i) => {
      for (const key in record)
        if (!known.has(key) && record[key] !== undefined)
          fail(`record ${records + i + 1} has field '${key}', which is not a Parquet column`, {
            field: key,
            record: records + i + 1,
          })
    })
    const columnData = cols.map(({ name, type }) => ({
      name,
      data: group.map((record, i) => {
        const value = toParquetValue(type, record[name])
        if (value === undefined)
          fail(
            `record ${records + i + 1}: field '${name}' value ${JSON.stringify(String(record[name]))} does not fit column type '${type}'`,
            { field: name, record: records + i + 1, type },
          )
        return value
      }),
    }))
    await writer.write({ columnData, rowGroupSize: group.length })
    records += group.length
    await drain()
  }

  const ensureOpen = (): void => {
    if (state !== 'open') fail(`sink is already ${state}`, {})
  }

  return {
    async write(batch) {
      ensureOpen()
      for (const record of batch) {
        pending.push(record)
        if (pending.length >= groupSize) {
          const group = pending
          pending = []
          await flushGroup(group)
        }
      }
    },
    async finish(): Promise<SinkResult> {
      ensureOpen()
      state = 'finished'
      if (pending.length > 0 || writer === undefined) {
        const group = pending
        pending = []
        if (group.length > 0) await flushGroup(group)
        else writer = start([])
      }
      await writer?.finish()
      await drain()
      const { bytes } = await out.close()
      return { path: file, format: 'parquet', records, bytes }
    },
    async abort() {
      if (state === 'aborted') return
      state = 'aborted'
      pending = []
      await out.remove()
    },
  }
}
