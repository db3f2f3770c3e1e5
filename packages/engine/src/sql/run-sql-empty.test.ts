import { describe, expect, it } from 'vitest'
import { parseContract, type Contract } from '@runink/contracts'
import type { DataRecord, RecordBatches } from '../connectors/index.js'
import { runSql } from './run-sql.js'

async function* none(): RecordBatches {}
async function* one(records: DataRecord[]): RecordBatches {
  yield records
}

async function all(out: RecordBatches): Promise<DataRecord[]> {
  const rows: DataRecord[] = []
  for await (const batch of out) rows.push(...batch)
  return rows
}

const TRADE: Contract = parseContract(
  `contract: trade
version: 1.0.0
fields:
  id: { type: int, required: true }
  symbol: string
  price: decimal
  traded_at: timestamp
  day: date
  tags: { type: array, items: string }
  meta: { type: object, fields: { desk: string } }
`,
  't.yaml',
).contract!.model

describe('runSql over an empty input', () => {
  it("sees the contract's columns and types: 0 rows, no error", async () => {
    expect(
      await all(
        runSql('SELECT price * 2 AS p FROM input', none(), { contracts: { input: TRADE } }),
      ),
    ).toEqual([])
    const typed = await all(
      runSql(
        `SELECT typeof(id) AS id, typeof(price) AS price, typeof(traded_at) AS at, typeof("day") AS d, typeof(tags) AS tags, typeof(meta) AS meta, count(*) OVER () AS n FROM (SELECT * FROM input UNION ALL SELECT 1, 'x', 2.5, TIMESTAMP '2026-01-01', DATE '2026-01-01', ['a'], '{}')`,
        none(),
        { contracts: { input: TRADE } },
      ),
    )
    expect(typed).toEqual([
      {
        id: 'BIGINT',
        price: 'DOUBLE',
        at: 'TIMESTAMP',
        d: 'DATE',
        tags: 'VARCHAR[]',
        meta: 'JSON',
        n: 1,
      },
    ])
    expect(
      await all(
        runSql('SELECT count(*) AS n, sum(price) AS s FROM input', none(), {
          contracts: { input: TRADE },
        }),
      ),
    ).toEqual([{ n: 0, s: null }])
  })

  it('types each named table of a multi-source query from its own contract', async () => {
    const rows = await all(
      runSql('SELECT t.symbol, t.price FROM trades t JOIN other o ON t.id = o.id', undefined, {
        tables: { trades: none(), other: one([{ id: 1 }]) },
        contracts: { trades: TRADE },
      }),
    )
    expect(rows).toEqual([])
  })

  it('rows are still typed by inference, whatever the contract says', async () => {
    const rows = await all(
      runSql('SELECT price * 2 AS p FROM input', one([{ id: 1, price: 1.5 }]), {
        contracts: { input: TRADE },
      }),
    )
    expect(rows).toEqual([{ p: 3 }])
  })
})
