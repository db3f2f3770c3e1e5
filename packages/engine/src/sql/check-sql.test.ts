import type { Contract, FieldSpec } from '@runink/contracts'
import { describe, expect, it } from 'vitest'
import { checkSql } from './check-sql.js'

const field = (type: FieldSpec['type'], required = true): FieldSpec => ({
  type,
  required,
  nullable: false,
  unique: false,
  pii: false,
  join_key: false,
})
const TRADE: Contract = {
  contract: 'trade',
  version: '1.0.0',
  unknown_fields: 'reject',
  fields: {
    id: field('string'),
    account: field('string'),
    qty: field('int'),
    price: field('decimal'),
  },
}
const POSITION: Contract = {
  contract: 'position',
  version: '1.0.0',
  unknown_fields: 'reject',
  fields: { account: field('string'), total: field('float'), trades: field('int') },
}
const GOOD =
  'SELECT account, sum(qty * price) AS total, count(*) AS trades FROM input GROUP BY account'

describe('checkSql', () => {
  it('accepts a query whose columns and types fit the output contract', async () => {
    expect(await checkSql(GOOD, { tables: { input: TRADE }, output: POSITION })).toEqual([])
  })

  it('reports a syntax error in DuckDB words', async () => {
    const [p] = await checkSql('SELEC account FROM input', { tables: { input: TRADE } })
    expect(p).toMatchObject({ kind: 'query', severity: 'error' })
    expect(p?.message).toMatch(/syntax error at or near "SELEC"/)
  })

  it('reports an unknown column and names what the table has', async () => {
    const [p] = await checkSql('SELECT acount FROM input', { tables: { input: TRADE } })
    expect(p?.message).toMatch(/acount/)
    expect(p?.hint).toBe('the query sees input (id, account, qty, price)')
  })

  it('reports a missing required column, an extra one and a type that does not fit', async () => {
    const problems = await checkSql(
      'SELECT account, count(*) > 0 AS trades, 1 AS extra FROM input GROUP BY account',
      { tables: { input: TRADE }, output: POSITION },
    )
    expect(problems.map((p) => [p.kind, p.message])).toEqual([
      ['missing-column', 'the query returns no column total, which contract position requires'],
      ['type', 'column trades is BOOLEAN, but field trades of contract position is int'],
      [
        'extra-column',
        'the query returns column extra, which contract position does not have (unknown_fields: reject)',
      ],
    ])
  })

  it('sees one table per source and input as their union', async () => {
    const q = 'SELECT t.account FROM trades t JOIN input i ON t.id = i.id'
    expect(await checkSql(q, { tables: { trades: TRADE, more: TRADE } })).toEqual([])
  })

  it('reads no file: the query sees only its tables', async () => {
    const [p] = await checkSql("SELECT * FROM read_csv('/etc/passwd')", {
      tables: { input: TRADE },
    })
    expect(p?.kind).toBe('query')
  })
})
