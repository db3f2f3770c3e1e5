import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readRecords } from './read-records.js'
import type { DataRecord } from './record-batch.js'

// Parquet files as other tools write them: one per compression codec, written by DuckDB.
const CODECS = ['uncompressed', 'snappy', 'gzip', 'zstd', 'brotli', 'lz4'] as const

const SELECT = `SELECT i AS id, 'name ' || (i % 97) AS name, (i * 0.25)::DOUBLE AS price,
  DATE '2024-01-01' + (i % 365)::INTEGER AS day, CASE WHEN i % 7 = 0 THEN NULL ELSE 'x' || i END AS note,
  [i % 3, i % 5] AS list
  FROM range(0, 5000) t(i)`

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runink-pq-codecs-'))
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    for (const codec of CODECS)
      await connection.run(
        `COPY (${SELECT}) TO '${join(dir, `${codec}.parquet`)}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 2000)`,
      )
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function read(file: string): Promise<DataRecord[]> {
  const rows: DataRecord[] = []
  for await (const batch of readRecords(file)) rows.push(...batch)
  return rows
}

/** The codec name a Parquet file's first column chunk records (the footer's Thrift, as text). */
async function recordedCodec(file: string): Promise<string> {
  const { parquetMetadataAsync, asyncBufferFromFile } = await import('hyparquet')
  const meta = await parquetMetadataAsync(await asyncBufferFromFile(file))
  return meta.row_groups[0]!.columns[0]!.meta_data!.codec
}

describe('parquet codecs', () => {
  it('DuckDB wrote each file with its codec', async () => {
    const codecs = await Promise.all(CODECS.map((c) => recordedCodec(join(dir, `${c}.parquet`))))
    expect(codecs).toEqual(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'ZSTD', 'BROTLI', 'LZ4_RAW'])
    // The files differ: compression did something.
    const sizes = await Promise.all(
      CODECS.map(async (c) => (await readFile(join(dir, `${c}.parquet`))).length),
    )
    expect(new Set(sizes).size).toBe(CODECS.length)
  })

  it.each(CODECS.filter((c) => c !== 'uncompressed'))(
    'reads %s: the same records as the uncompressed file',
    async (codec) => {
      const expected = await read(join(dir, 'uncompressed.parquet'))
      expect(expected).toHaveLength(5000)
      expect(expected[7]).toEqual({
        id: 7,
        name: 'name 7',
        price: 1.75,
        day: '2024-01-08',
        note: null,
        list: [1, 2],
      })
      expect(await read(join(dir, `${codec}.parquet`))).toEqual(expected)
    },
  )
})
