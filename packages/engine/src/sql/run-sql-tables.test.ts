import { describe, expect, it } from 'vitest'
import type { DataRecord, RecordBatches } from '../connectors/index.js'
import { runSql } from './run-sql.js'

async function* batches(...records: DataRecord[]): RecordBatches {
  yield records
}

async function all(stream: RecordBatches): Promise<DataRecord[]> {
  const out: DataRecord[] = []
  for await (const b of stream) out.push(...b)
  return out
}

describe('runSql with several named tables', () => {
  it('joins one table per source', async () => {
    const rows = await all(
      runSql(
        'SELECT o.id, c.name FROM orders o JOIN customers c USING (cid) ORDER BY o.id',
        undefined,
        {
          tables: {
            orders: batches({ id: 1, cid: 'a' }, { id: 2, cid: 'b' }, { id: 3, cid: 'z' }),
            customers: batches({ cid: 'a', name: 'Ann' }, { cid: 'b', name: 'Bo' }),
          },
        },
      ),
    )
    expect(rows).toEqual([
      { id: 1, name: 'Ann' },
      { id: 2, name: 'Bo' },
    ])
  })
  it('offers their union, by column name, as `input`', async () => {
    const rows = await all(
      runSql('SELECT count(*) AS n, count(x) AS xs, count(y) AS ys FROM input', undefined, {
        tables: { a: batches({ x: 1 }, { x: 2 }), b: batches({ y: 'q' }) },
      }),
    )
    expect(rows).toEqual([{ n: 3, xs: 2, ys: 1 }])
  })
})
