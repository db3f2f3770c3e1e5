import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { readRecords } from './read-records.js'
import type { DataRecord } from './record-batch.js'

/** Writes a Parquet file with DuckDB, a writer other than our own. */
async function duckdbParquet(file: string, select: string, rowGroupSize: number): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    await connection.run(
      `COPY (${select}) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE ${rowGroupSize})`,
    )
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

describe('parquet source', () => {
  it('reads a foreign file group by group, with plain values for every type', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'runink-pq-')), 'duck.parquet')
    await duckdbParquet(
      file,
      `SELECT i AS id, i::BIGINT * 1000000000000 AS big, 'r' || i AS name, (i / 4)::DECIMAL(10,2) AS dec,
              DATE '2024-01-01' + i::INTEGER AS day, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) SECOND AS at,
              [i, i + 1] AS list, {'k': i % 2 = 0, 's': 'x'} AS obj,
              CASE WHEN i % 3 = 0 THEN NULL ELSE i * 0.5 END AS maybe,
              18446744073709551615::UBIGINT AS huge
       FROM range(0, 10000) t(i)`,
      2048,
    )
    const sizes: number[] = []
    const rows: DataRecord[] = []
    for await (const batch of readRecords(file)) {
      sizes.push(batch.length)
      rows.push(...batch)
    }
    expect(sizes.length).toBeGreaterThanOrEqual(4)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2048)
    expect(rows).toHaveLength(10_000)
    expect(rows[7]).toEqual({
      id: 7,
      big: 7_000_000_000_000,
      name: 'r7',
      dec: 1.75,
      day: '2024-01-08',
      at: '2024-01-01T00:00:07.000Z',
      list: [7, 8],
      obj: { k: false, s: 'x' },
      maybe: 3.5,
      huge: '18446744073709551615',
    })
    expect(rows[9]!.maybe).toBeNull()
    expect(rows[9999]!.id).toBe(9999)
  })

  it('says clearly when a file is not Parquet', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'runink-pq-')), 'bad.parquet')
    await writeFile(file, 'not parquet at all')
    const read = async () => {
      for await (const _ of readRecords(file)) void _
    }
    await expect(read()).rejects.toThrow(/bad\.parquet: not a readable Parquet file/)
    await expect(
      (async () => {
        for await (const _ of readRecords(join(tmpdir(), 'no-such-runink.parquet'))) void _
      })(),
    ).rejects.toThrow(/no such file/)
  })
})
