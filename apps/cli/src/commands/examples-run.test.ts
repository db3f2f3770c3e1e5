import { chmod, cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBarn } from '@runink/store'
import { readParquet } from '@runink/engine'
import { runCli } from '../testing/run-cli.js'

// The three examples, run end to end through `runi run` in real sandboxes, and their outputs,
// dead-letter files and dataset versions checked record by record against the source data.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..')
type Row = Record<string, string>
type Rec = Record<string, unknown>

async function copyExample(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `runink-example-${name}-`))
  // Run as root, slices run as the runink-slice account, which must reach the project (mkdtemp makes it 700).
  await chmod(dir, 0o755)
  await cp(path.join(ROOT, 'examples', name), dir, {
    recursive: true,
    filter: (src) =>
      !/[/\\](\.runink|out)([/\\]|$)/.test(src.slice(path.join(ROOT, 'examples', name).length)),
  })
  return dir
}

const csvRows = async (file: string): Promise<Row[]> =>
  parse(await readFile(file, 'utf8'), { columns: true }) as Row[]
const jsonl = async (file: string): Promise<Rec[]> =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Rec)

async function datasetCounts(home: string, names: string[]): Promise<Record<string, number[]>> {
  const barn = await openBarn({ home })
  try {
    const out: Record<string, number[]> = {}
    for (const n of names) {
      const [, herd = 'default', name = n] = /^(?:([^:]+):)?(.*)$/.exec(n) ?? []
      out[n] = (await barn.datasets.versions(name, herd)).map((v) => v.recordCount)
    }
    return out
  } finally {
    await barn.close()
  }
}

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
})

describe('examples/trades', () => {
  let dir: string
  let raw: Row[]
  const BAD: Record<string, string> = {
    T92199962: 'price',
    T12AB5678: 'trade_id',
    T13037810: 'symbol',
    T26870925: 'trader_email',
    T96591637: 'quantity',
    T46046883: 'traded_at',
    T59788072: 'currency',
    T51350462: 'quantity',
  }
  beforeAll(async () => {
    dir = await copyExample('trades')
    dirs.push(dir)
    raw = await csvRows(path.join(dir, 'data/trades.csv'))
  })

  it('runs bronze → silver → gold and routes the bad records to the dead-letter file', async () => {
    const r = await runCli(dir, 'run', 'trades.dsl')
    expect(r.stderr).not.toContain('error')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(
      'Invalid records of bronze-ingest-trades: 8 → jsonl://out/dlq/bronze_trades.jsonl',
    )
    // Dead letters are envelopes (record, errors, stage, source position).
    const dlq = await jsonl(path.join(dir, 'out/dlq/bronze_trades.jsonl'))
    expect(
      Object.fromEntries(
        dlq.map((d) => [(d.record as Rec).trade_id, (d.errors as { field: string }[])[0]!.field]),
      ),
    ).toEqual(BAD)
  })

  it('masks personal data in silver and drops compliance-only fields from the ops view', async () => {
    const good = raw.filter((t) => !(t.trade_id! in BAD) && t.status !== 'CANCEL')
    const ops = await jsonl(path.join(dir, 'out/silver/trades_ops.jsonl'))
    expect(ops.map((t) => t.trade_id)).toEqual(good.map((t) => t.trade_id))
    for (const t of ops) {
      expect(t.trader_email).toBe('[REDACTED]')
      expect(t).not.toHaveProperty('account')
      expect(t).not.toHaveProperty('ssn')
      expect(['new', 'amend']).toContain(t.status)
    }
  })

  it('computes positions that match the valid, uncancelled source trades', async () => {
    const expected = new Map<string, { trades: number; net: number; gross: number }>()
    for (const t of raw) {
      if (t.trade_id! in BAD || t.status === 'CANCEL') continue
      const key = `${t.symbol},${t.currency}`
      const e = expected.get(key) ?? { trades: 0, net: 0, gross: 0 }
      const q = Number(t.quantity)
      e.trades++
      e.net += t.side === 'BUY' ? q : -q
      e.gross += Math.round(q * Number(t.price) * 100) / 100
      expected.set(key, e)
    }
    const positions = await csvRows(path.join(dir, 'out/gold/positions.csv'))
    expect(positions.map((p) => `${p.symbol},${p.currency}`).sort()).toEqual(
      [...expected.keys()].sort(),
    )
    for (const p of positions) {
      const e = expected.get(`${p.symbol},${p.currency}`)!
      expect(Number(p.trades)).toBe(e.trades)
      expect(Number(p.net_quantity)).toBe(e.net)
      expect(Number(p.gross_notional)).toBeCloseTo(e.gross, 1)
    }
  })

  it('records dataset versions, and a second run reuses every stage from the cache', async () => {
    const again = await runCli(dir, 'run', 'trades.dsl', '--json')
    expect(again.code).toBe(0)
    const result = JSON.parse(again.stdout) as { stages: { status: string }[] }
    expect(result.stages.map((s) => s.status)).toEqual(['cached', 'cached', 'cached'])
    const good = raw.filter((t) => !(t.trade_id! in BAD))
    const counts = await datasetCounts(dir, ['finance:bronze.trades', 'finance:silver.trades'])
    expect(counts['finance:bronze.trades']).toEqual([good.length])
    expect(counts['finance:silver.trades']).toEqual([
      good.filter((t) => t.status !== 'CANCEL').length,
    ])
  })
})

describe('examples/orders', () => {
  let dir: string
  beforeAll(async () => {
    dir = await copyExample('orders')
    dirs.push(dir)
  })

  it('dedupes orders, rejects bad ones and joins the rest with their customers', async () => {
    const r = await runCli(dir, 'run', 'orders.dsl')
    expect(r.code).toBe(0)
    const badCustomers = (await jsonl(path.join(dir, 'out/dlq/customers.jsonl'))).map(
      (d) => d.record as Rec,
    )
    expect(badCustomers.map((c) => c.customer_id).sort()).toEqual(['C04402', 'C46306', 'C99343'])
    // The stage masks: its rejected records are masked too (email: mask redact), not left in clear.
    expect(badCustomers.map((c) => c.email)).toEqual(['[REDACTED]', '[REDACTED]', '[REDACTED]'])
    const badOrders = (await jsonl(path.join(dir, 'out/dlq/orders.jsonl'))).map(
      (d) => d.record as Rec,
    )
    expect(badOrders.map((o) => o.order_id).sort()).toEqual(
      [
        '8ea17e79-9f88-4ef8-b231-bf72f0417e46',
        'd7c01177-34e7-4cd5-8b12-ea45e93dd066',
        'fecb1cbd-c554-4cbd-ba55-cc0fb9237e01',
        'not-a-uuid',
      ].sort(),
    )
    const orders = await csvRows(path.join(dir, 'data/orders.csv'))
    const customers = await csvRows(path.join(dir, 'data/customers.csv'))
    const goodCustomers = new Map(
      customers
        .filter((c) => !['C04402', 'C46306', 'C99343'].includes(c.customer_id!))
        .map((c) => [c.customer_id!, c]),
    )
    const badIds = new Set(badOrders.map((o) => o.order_id))
    const expected = new Map<string, Row>()
    for (const o of orders)
      if (!badIds.has(o.order_id) && goodCustomers.has(o.customer_id!)) expected.set(o.order_id!, o)
    const joined: Rec[] = []
    for await (const batch of readParquet(path.join(dir, 'out/customer_orders.parquet')))
      joined.push(...batch)
    expect(joined.map((j) => j.order_id).sort()).toEqual([...expected.keys()].sort())
    for (const j of joined) {
      const o = expected.get(j.order_id as string)!
      const c = goodCustomers.get(o.customer_id!)!
      expect(j).toMatchObject({
        customer_id: o.customer_id,
        segment: c.segment,
        country: c.country,
        large: Number(o.amount) >= 1000,
      })
      expect(j.amount).toBeCloseTo(Number(o.amount), 2)
    }
  })
})

describe('examples/sensors', () => {
  let dir: string
  beforeAll(async () => {
    dir = await copyExample('sensors')
    dirs.push(dir)
  })

  it('flags readings with an external Python step and aggregates windows over two slices', async () => {
    const r = await runCli(dir, 'run', 'sensors.dsl')
    expect(r.code).toBe(0)
    const bad = (await jsonl(path.join(dir, 'out/dlq/readings.jsonl'))).map((d) => d.record as Rec)
    expect(bad).toHaveLength(5)
    const readings = await csvRows(path.join(dir, 'data/readings.csv'))
    const badKeys = new Set(bad.map((b) => `${b.sensor_id}|${b.read_at}|${b.value}`))
    const good = readings.filter((x) => !badKeys.has(`${x.sensor_id}|${x.read_at}|${x.value}`))
    expect(good).toHaveLength(readings.length - 5)
    const windows = await csvRows(path.join(dir, 'out/windows.csv'))
    const expected = new Map<string, number>()
    for (const x of good) {
      const t = Date.parse(x.read_at!)
      const start = new Date(t - (t % 300_000)).toISOString()
      const key = `${x.sensor_id}|${x.metric}|${start}`
      expected.set(key, (expected.get(key) ?? 0) + 1)
    }
    const actual = new Map(
      windows.map((w) => [
        `${w.sensor_id}|${w.metric}|${new Date(w.window_start!.replace(' ', 'T') + (w.window_start!.endsWith('Z') ? '' : 'Z')).toISOString()}`,
        Number(w.readings),
      ]),
    )
    expect(actual).toEqual(expected)
  })
})
