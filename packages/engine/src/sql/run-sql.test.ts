import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isRuninkError } from '@runink/core'
import type { DataRecord, RecordBatches } from '../connectors/index.js'
import { runSql } from './run-sql.js'

async function* batches(records: DataRecord[], size = 100): RecordBatches {
  for (let i = 0; i < records.length; i += size) yield records.slice(i, i + size)
}

async function all(out: RecordBatches): Promise<DataRecord[]> {
  const rows: DataRecord[] = []
  for await (const batch of out) rows.push(...batch)
  return rows
}

const trades = Array.from({ length: 1000 }, (_, i) => ({
  id: i,
  symbol: ['AAA', 'BBB', 'CCC'][i % 3],
  price: 10 + (i % 7) * 0.5,
  qty: i % 5,
  meta: { desk: `d${i % 2}`, tags: ['t', String(i % 4)] },
  note: i % 10 === 0 ? null : 'n',
}))

describe('runSql', () => {
  it('filters and projects the input table', async () => {
    const rows = await all(
      runSql(
        'SELECT id, symbol, meta.desk AS desk FROM input WHERE qty = 0 AND id < 20 ORDER BY id',
        batches(trades),
      ),
    )
    expect(rows).toEqual([
      { id: 0, symbol: 'AAA', desk: 'd0' },
      { id: 5, symbol: 'CCC', desk: 'd1' },
      { id: 10, symbol: 'BBB', desk: 'd0' },
      { id: 15, symbol: 'AAA', desk: 'd1' },
    ])
  })

  it('aggregates, with BIGINT, DECIMAL and nested results as plain values', async () => {
    const rows = await all(
      runSql(
        `SELECT symbol, count(*) AS n, sum(qty) AS qty, round(avg(price), 2)::DECIMAL(10,2) AS avg_price,
                list(DISTINCT meta.desk ORDER BY meta.desk) AS desks, {'first': min(id)} AS s
         FROM input GROUP BY symbol ORDER BY symbol`,
        batches(trades),
      ),
    )
    expect(rows).toHaveLength(3)
    expect(rows[0]).toEqual({
      symbol: 'AAA',
      n: 334,
      qty: expect.any(Number),
      avg_price: expect.any(Number),
      desks: ['d0', 'd1'],
      s: { first: 0 },
    })
    const aaa = trades.filter((t) => t.symbol === 'AAA')
    expect(rows[0]!.qty).toBe(aaa.reduce((s, t) => s + t.qty, 0))
    const avg = aaa.reduce((s, t) => s + t.price, 0) / aaa.length
    expect(rows[0]!.avg_price).toBeCloseTo(avg, 2)
  })

  it('returns dates and timestamps as ISO text and huge integers as strings', async () => {
    const rows = await all(
      runSql(
        `SELECT DATE '2024-02-29' AS d, TIMESTAMP '2024-01-02 03:04:05.123456' AS ts,
                TIMESTAMPTZ '2024-01-02 03:04:05+00' AS tz, 9007199254740993::BIGINT AS big,
                42::HUGEINT AS small, MAP {'k': 1} AS m, NULL AS nothing`,
        batches([{ x: 1 }]),
      ),
    )
    expect(rows).toEqual([
      {
        d: '2024-02-29',
        ts: '2024-01-02T03:04:05.123456Z',
        tz: '2024-01-02T03:04:05.000Z',
        big: '9007199254740993',
        small: 42,
        m: { k: 1 },
        nothing: null,
      },
    ])
  })

  it('streams large results in batches of the asked size and honours another table name', async () => {
    const sizes: number[] = []
    for await (const batch of runSql('SELECT * FROM trades', batches(trades, 300), {
      table: 'trades',
      batchSize: 256,
    }))
      sizes.push(batch.length)
    expect(sizes).toEqual([256, 256, 256, 232])
  })

  it('keeps values of mixed types found late in the input', async () => {
    const records: DataRecord[] = Array.from({ length: 30_000 }, (_, i) => ({ v: i }))
    records.push({ v: 'text', extra: { a: 1 } })
    const rows = await all(
      runSql('SELECT v, extra FROM input WHERE extra IS NOT NULL', batches(records, 5000)),
    )
    expect(rows).toEqual([{ v: 'text', extra: { a: 1 } }])
  })

  it('reports SQL errors with DuckDB’s message as RUNINK_SQL_FAILED', async () => {
    const failure = await all(runSql('SELECT nope FROM input', batches(trades))).catch((e) => e)
    expect(isRuninkError(failure)).toBe(true)
    expect(failure).toMatchObject({ code: 'RUNINK_SQL_FAILED', details: { phase: 'query' } })
    expect(failure.message).toMatch(/SQL query failed: Binder Error: .*"nope" not found/)
    await expect(all(runSql('SELEC 1', batches([])))).rejects.toThrow(
      /syntax error at or near "SELEC"/,
    )
  })

  it('lets the query see only its input: no files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runink-sql-test-'))
    const secret = join(dir, 'secret.csv')
    await writeFile(secret, 'a\n1\n')
    await expect(
      all(runSql(`SELECT * FROM read_csv('${secret}')`, batches([{ x: 1 }]))),
    ).rejects.toMatchObject({ code: 'RUNINK_SQL_FAILED' })
    await expect(
      all(runSql(`COPY input TO '${join(dir, 'out.csv')}'`, batches([{ x: 1 }]))),
    ).rejects.toMatchObject({ code: 'RUNINK_SQL_FAILED' })
    expect(await readdir(dir)).toEqual(['secret.csv'])
  })

  it('passes upstream errors through and removes its temp files in every case', async () => {
    const temp = await mkdtemp(join(tmpdir(), 'runink-sql-tmp-'))
    async function* broken(): RecordBatches {
      yield [{ a: 1 }]
      throw new Error('upstream broke')
    }
    await expect(all(runSql('SELECT * FROM input', broken(), { tempDir: temp }))).rejects.toThrow(
      'upstream broke',
    )
    await expect(
      all(runSql('SELECT x FROM input', batches([{ a: 1 }]), { tempDir: temp })),
    ).rejects.toThrow(/RUNINK|Binder/)
    for await (const _ of runSql('SELECT * FROM input', batches(trades), {
      tempDir: temp,
      batchSize: 10,
    }))
      break
    expect(
      await all(runSql('SELECT count(*) AS n FROM input', batches([]), { tempDir: temp })),
    ).toEqual([{ n: 0 }])
    expect(await readdir(temp)).toEqual([])
  })
})
