import { rm, mkdtemp, readFile, readdir, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseContract, type Contract } from '@runink/contracts'
import { runSlice } from './run-slice.js'
import type { SliceJob, SliceSink, SliceStep } from './slice-job.js'

const TRADE = `
contract: trade
version: 1.0.0
unknown_fields: reject
fields:
  trade_id: { type: string, required: true, pattern: "^T[0-9]{4}$" }
  qty: { type: int, required: true, min: 1 }
  price: { type: float, required: true, min: 0 }
  ssn: { type: string, pii: true, mask: redact }
  desk: { type: string, access: trading }
`

function contractOf(text: string): Contract {
  const { contract, problems } = parseContract(text, 'test.yaml')
  if (!contract) throw new Error(problems.map((p) => p.message).join('; '))
  return contract.model
}

const log = { info: () => undefined, warn: () => undefined, error: () => undefined }
let dir: string
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-slice-'))
})

async function csv(name: string, text: string): Promise<string> {
  const p = path.join(dir, name)
  await writeFile(p, text)
  return p
}

function job(
  sourcePath: string,
  steps: SliceStep[],
  sinks: SliceSink[],
  contract = contractOf(TRADE),
): SliceJob {
  return {
    runId: 'run-1',
    stageId: 'stage-1',
    sliceIndex: 0,
    attempt: 1,
    sources: [{ uri: `csv://${sourcePath}`, path: sourcePath, format: 'csv', mode: 'coerce' }],
    steps,
    contract,
    sinks,
    params: { threshold: '10' },
    maskKey: 'k',
  }
}

const sink = (name: string, extra: Partial<SliceSink> = {}): SliceSink => ({
  uri: `jsonl://${name}`,
  stagingPath: path.join(dir, 'staging', name),
  format: 'jsonl',
  ...extra,
})

async function lines(p: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(p, 'utf8')
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

const DATA =
  'trade_id,qty,price,ssn,desk\nT0001,5,10.5,123-45-6789,fx\nT0002,0,3,,rates\nbad,2,1,,fx\nT0004,7,2.25,987,fx\n'

describe('runSlice', () => {
  it('coerces CSV, masks, and routes valid records and invalid ones to a DLQ', async () => {
    const src = await csv('t.csv', DATA)
    const report = await runSlice(
      job(
        src,
        [{ kind: 'builtin', name: 'mask', params: {} }],
        [sink('good.jsonl'), sink('dlq.jsonl', { when: '!record.valid' })],
      ),
      { log },
    )
    // Out counts the valid records written: dead-letter writes are not output.
    expect(report).toMatchObject({ recordsIn: 4, valid: 2, invalid: 2, unrouted: 0, recordsOut: 2 })
    const good = await lines(path.join(dir, 'staging', 'good.jsonl'))
    expect(good).toEqual([
      { trade_id: 'T0001', qty: 5, price: 10.5, ssn: '[REDACTED]', desk: 'fx' },
      { trade_id: 'T0004', qty: 7, price: 2.25, ssn: '[REDACTED]', desk: 'fx' },
    ])
    const dlq = await lines(path.join(dir, 'staging', 'dlq.jsonl'))
    expect(dlq.map((r) => (r.record as { trade_id: string }).trade_id)).toEqual(['T0002', 'bad'])
    expect(dlq.map((r) => r.source)).toEqual([
      { uri: `csv://${src}`, position: 2 },
      { uri: `csv://${src}`, position: 3 },
    ])
    expect(dlq[0]!.errors).toEqual([
      expect.objectContaining({ field: 'qty', rule: 'min', expected: 1, actual: 0 }),
    ])
    expect(report.sinks.map((s) => s.records)).toEqual([2, 2])
  })

  it('masks records rejected at the source before a dead-letter sink gets them', async () => {
    const raw = contractOf(`
contract: raw_trade
version: 1.0.0
fields:
  trade_id: { type: string, required: true, pattern: "^T[0-9]{4}$" }
  qty: { type: int, required: true, min: 1 }
  trader_email: { type: string, pii: true, mask: hash }
  ssn: { type: string }
`)
    const src = await csv(
      't.csv',
      'trade_id,qty,trader_email,ssn\nT0001,5,ann@x.io,123-45-6789\nT0002,0,bo@x.io,987-65-4321\n',
    )
    const sinks = [sink('good.jsonl'), sink('dlq.jsonl', { when: '!record.valid' })]
    const steps: SliceStep[] = [{ kind: 'builtin', name: 'mask', params: {} }]
    const stage = contractOf(`
contract: trade
version: 1.0.0
fields:
  trade_id: { type: string, required: true }
  qty: { type: int, required: true }
  trader_email: { type: string }
  ssn: { type: string, pii: true, mask: redact }
`)
    const base = job(src, steps, sinks, stage)
    // The source is read by raw_trade (hash the email); the stage contract redacts the ssn.
    await runSlice({ ...base, sources: [{ ...base.sources[0]!, contract: raw }] }, { log })
    const dlq = await lines(path.join(dir, 'staging', 'dlq.jsonl'))
    // Rejected at the source: the envelope holds the record as read (masked), its errors,
    // its stage and where it was read.
    expect(dlq).toEqual([
      {
        record: {
          trade_id: 'T0002',
          qty: '0',
          trader_email: expect.stringMatching(/^hash:[0-9a-f]{64}$/),
          ssn: '[REDACTED]',
        },
        errors: [expect.objectContaining({ field: 'qty', rule: 'min' })],
        stage: 'stage-1',
        source: { uri: `csv://${src}`, position: 2 },
      },
    ])
    expect(JSON.stringify(dlq)).not.toMatch(/bo@x\.io|987-65-4321/)

    // Without a mask step, valid records go out as read, and so do rejected ones.
    await runSlice(
      { ...base, steps: [], sources: [{ ...base.sources[0]!, contract: raw }] },
      { log },
    )
    const plain = await lines(path.join(dir, 'staging', 'dlq.jsonl'))
    expect(plain[0]!.record).toMatchObject({ trader_email: 'bo@x.io', ssn: '987-65-4321' })
  })

  it('checks what mask hides before masking a typed source: the invalid value is reported, the dead letter masked', async () => {
    const stage = contractOf(`
contract: person
version: 1.0.0
fields:
  id: { type: int, required: true }
  email: { type: string, format: email, pii: true, mask: hash }
  ssn: { type: string, pattern: "^[0-9]{3}-[0-9]{2}-[0-9]{4}$", pii: true, mask: redact }
`)
    const src = path.join(dir, 'p.jsonl')
    await writeFile(
      src,
      [
        { id: 1, email: 'ann@x.io', ssn: '123-45-6789' },
        { id: 2, email: 'not-an-email', ssn: '987-65-4321' },
        { id: 3, email: 'bo@x.io', ssn: 'SSN 111' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    )
    const base = job(
      src,
      [{ kind: 'builtin', name: 'mask', params: {} }],
      [sink('good.jsonl'), sink('dlq.jsonl', { when: '!record.valid' })],
      stage,
    )
    const typed = {
      ...base,
      sources: [
        { uri: `jsonl://${src}`, path: src, format: 'jsonl' as const, mode: 'strict' as const },
      ],
    }
    const report = await runSlice(typed, { log })
    expect(report).toMatchObject({ recordsIn: 3, valid: 1, invalid: 2 })
    const good = await lines(path.join(dir, 'staging', 'good.jsonl'))
    expect(good.map((r) => r.id)).toEqual([1])
    const dlq = await lines(path.join(dir, 'staging', 'dlq.jsonl'))
    // Rejected before `mask` (a step): the same envelope; the masked value is not in its error.
    expect(dlq).toEqual([
      {
        record: { id: 2, email: expect.stringMatching(/^hash:[0-9a-f]{64}$/), ssn: '[REDACTED]' },
        errors: [
          {
            field: 'email',
            rule: 'format',
            expected: 'email',
            message: 'email: not a valid email (value masked)',
          },
        ],
        stage: 'stage-1',
        source: { uri: `jsonl://${src}`, position: 2 },
      },
      {
        record: { id: 3, email: expect.stringMatching(/^hash:[0-9a-f]{64}$/), ssn: '[REDACTED]' },
        errors: [expect.objectContaining({ field: 'ssn', rule: 'pattern' })],
        stage: 'stage-1',
        source: { uri: `jsonl://${src}`, position: 3 },
      },
    ])
    expect(JSON.stringify(dlq)).not.toMatch(/not-an-email|bo@x\.io|SSN 111|987-65-4321/)
  })

  it('routes a record with invalid UTF-8 as invalid with its byte offset, never a silent U+FFFD', async () => {
    const src = path.join(dir, 'bytes.csv')
    const head = 'trade_id,qty,price,ssn,desk\nT0001,5,10.5,,fx\nT0002,5,1,,f'
    await writeFile(
      src,
      Buffer.concat([Buffer.from(head), Buffer.from([0xff]), Buffer.from('x\n')]),
    )
    const sinks = [sink('good.jsonl'), sink('dlq.jsonl', { when: '!record.valid' })]
    const report = await runSlice(job(src, [], sinks), { log })
    expect(report).toMatchObject({ recordsIn: 2, valid: 1, invalid: 1 })
    const dlq = await lines(path.join(dir, 'staging', 'dlq.jsonl'))
    expect(dlq).toEqual([
      {
        record: expect.objectContaining({ trade_id: 'T0002', desk: 'f\uFFFDx' }),
        errors: [
          expect.objectContaining({
            field: 'desk',
            rule: 'encoding',
            message: `desk: invalid UTF-8 at byte offset ${head.length} (record 2)`,
          }),
        ],
        stage: 'stage-1',
        source: { uri: `csv://${src}`, position: 2 },
      },
    ])
    await expect(runSlice(job(src, [], [sink('good.jsonl')]), { log })).rejects.toThrow(
      /record 2 of \S+bytes\.csv: desk: invalid UTF-8 at byte offset 57 \(record 2\)/,
    )
  })

  it('fails when invalid records have nowhere to go, and leaves no output', async () => {
    const src = await csv('t.csv', DATA)
    await expect(runSlice(job(src, [], [sink('good.jsonl')]), { log })).rejects.toMatchObject({
      code: 'RUNINK_STAGE_UNROUTED_INVALID',
      message: expect.stringContaining('2 invalid record(s) had no sink'),
    })
    await expect(runSlice(job(src, [], [sink('good.jsonl')]), { log })).rejects.toThrow(
      /\n {2}record \d+ of \S+: (\w+): [^\n]*$/m,
    )
    await expect(runSlice(job(src, [], [sink('good.jsonl')]), { log })).rejects.not.toThrow(
      /record \d+: (\w+) \1:/,
    )
    expect(await readdir(path.join(dir, 'staging')).catch(() => [])).toEqual([])
  })

  it('writes role views that drop fields the role may not see', async () => {
    const src = await csv('t.csv', 'trade_id,qty,price,desk\nT0001,5,1,fx\n')
    await runSlice(job(src, [], [sink('all.jsonl'), sink('ops.jsonl', { role: 'ops' })]), { log })
    expect(await lines(path.join(dir, 'staging', 'ops.jsonl'))).toEqual([
      { trade_id: 'T0001', qty: 5, price: 1 },
    ])
    expect(await lines(path.join(dir, 'staging', 'all.jsonl'))).toEqual([
      { trade_id: 'T0001', qty: 5, price: 1, desk: 'fx' },
    ])
  })

  it('runs built-in select, rename, derive, filter, dedupe and cast steps', async () => {
    const contract = contractOf(`
contract: out
version: 1.0.0
fields:
  id: { type: string, required: true }
  qty: { type: int, required: true }
  total: { type: float }
`)
    const src = await csv(
      't.csv',
      'trade_id,qty,price,noise\nT1,5,2.5,x\nT1,5,2.5,x\nT2,1,4,y\nT3,20,1,z\n',
    )
    const steps: SliceStep[] = [
      { kind: 'builtin', name: 'cast', params: { qty: 'int', price: 'float' } },
      { kind: 'builtin', name: 'select', params: { fields: ['trade_id', 'qty', 'price'] } },
      { kind: 'builtin', name: 'rename', params: { trade_id: 'id' } },
      { kind: 'builtin', name: 'dedupe', params: { key: ['id'] } },
      {
        kind: 'builtin',
        name: 'filter',
        params: { condition: 'record.qty < int(params.threshold)' },
      },
      { kind: 'builtin', name: 'derive', params: { total: 'double(record.qty) * record.price' } },
      { kind: 'builtin', name: 'select', params: { fields: ['id', 'qty', 'total'] } },
    ]
    const raw = contractOf(`
contract: raw
version: 1.0.0
unknown_fields: keep
fields:
  trade_id: { type: string, required: true }
`)
    const report = await runSlice(
      { ...job(src, steps, [sink('o.jsonl')], contract), inputContract: raw },
      { log },
    )
    expect(report).toMatchObject({ recordsIn: 4, valid: 2, invalid: 0 })
    expect(await lines(path.join(dir, 'staging', 'o.jsonl'))).toEqual([
      { id: 'T1', qty: 5, total: 12.5 },
      { id: 'T2', qty: 1, total: 4 },
    ])
  })

  it('runs TypeScript steps (map and stream) importing defineStep', async () => {
    const contract = contractOf(`
contract: o
version: 1.0.0
fields:
  id: { type: string, required: true }
  n: { type: int, required: true }
`)
    await mkdir(path.join(dir, 'steps'))
    const mod = path.join(dir, 'steps', 'my-steps.ts')
    await writeFile(
      mod,
      `import { defineStep } from '@runink/engine'
interface R { id: string; n: string }
export const Double = defineStep({ map(r: Record<string, unknown>) { const x = r as unknown as R; return [{ id: x.id, n: Number(x.n) }, { id: x.id + 'b', n: Number(x.n) * 2 }] } })
export const DropOdd = defineStep({ async *stream(records: AsyncIterable<Record<string, unknown>>, ctx) { for await (const r of records) { if ((r.n as number) % 2 === 0) yield r; else ctx.count('odd') } } })
`,
    )
    const src = await csv('t.csv', 'id,n\na,1\nb,2\n')
    await runSlice(
      job(
        src,
        [
          { kind: 'module', name: 'Double', module: mod, params: {} },
          { kind: 'module', name: 'DropOdd', module: mod, params: {} },
        ],
        [sink('o.jsonl')],
        contract,
      ),
      { log },
    )
    expect(await lines(path.join(dir, 'staging', 'o.jsonl'))).toEqual([
      { id: 'ab', n: 2 },
      { id: 'b', n: 2 },
      { id: 'bb', n: 4 },
    ])
  })

  it('runs an external command speaking NDJSON, and fails clearly when it fails', async () => {
    const contract = contractOf(`
contract: o
version: 1.0.0
fields:
  id: { type: string, required: true }
  score: { type: float, required: true }
`)
    const script = path.join(dir, 'score.mjs')
    await writeFile(
      script,
      `import readline from 'node:readline'
for await (const line of readline.createInterface({ input: process.stdin })) {
  const r = JSON.parse(line); console.error('scoring ' + r.id); console.log(JSON.stringify({ id: r.id, score: r.id.length * 1.5 }))
}`,
    )
    const src = await csv('t.csv', 'id\nabc\nx\n')
    const idOnly = contractOf(`
contract: ids
version: 1.0.0
fields:
  id: { type: string, required: true }
`)
    const seen: string[] = []
    const logs = { ...log, info: (m: string) => void seen.push(m) }
    await runSlice(
      job(
        src,
        [{ kind: 'exec', name: 'score', command: `node ${script}`, cwd: dir, params: {} }],
        [sink('o.jsonl')],
        contract,
      ),
      { log: logs, inputContract: idOnly },
    )
    expect(await lines(path.join(dir, 'staging', 'o.jsonl'))).toEqual([
      { id: 'abc', score: 4.5 },
      { id: 'x', score: 1.5 },
    ])
    expect(seen).toEqual(['scoring abc', 'scoring x'])
    await expect(
      runSlice(
        job(
          src,
          [{ kind: 'exec', name: 'boom', command: 'exit 3', cwd: dir, params: {} }],
          [sink('p.jsonl')],
          contract,
        ),
        { log, inputContract: idOnly },
      ),
    ).rejects.toThrow(/exited with code 3/)
  })

  it('keeps only its partition of the records, invalid ones included', async () => {
    const contract = contractOf(`
contract: o
version: 1.0.0
fields:
  id: { type: string, required: true, pattern: "^k" }
`)
    const ids = Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? `bad${i}` : `k${i}`))
    const src = await csv('t.csv', `id\n${ids.join('\n')}\n`)
    let valid = 0
    let invalid = 0
    const seen = new Set<unknown>()
    const dlq: unknown[] = []
    for (let index = 0; index < 3; index++) {
      const p = sink(`p${index}.jsonl`)
      const d = sink(`d${index}.jsonl`, { when: '!record.valid' })
      const r = await runSlice(
        { ...job(src, [], [p, d], contract), partition: { by: 'id', n: 3, index } },
        { log },
      )
      valid += r.valid
      invalid += r.invalid
      expect(r.recordsIn).toBe(r.valid + r.invalid)
      for (const rec of await lines(p.stagingPath)) seen.add(rec.id)
      dlq.push(...(await lines(d.stagingPath)))
    }
    expect(valid).toBe(90)
    expect(invalid).toBe(10)
    expect(seen.size).toBe(90)
    expect(dlq).toHaveLength(10)
  })

  it('gives a SQL step over several sources one table per source', async () => {
    const contract = contractOf(`
contract: joined
version: 1.0.0
fields:
  id: { type: string, required: true }
  name: { type: string, required: true }
`)
    const orders = await csv('orders.csv', 'id,cid\no1,a\no2,b\no3,zz\n')
    const customers = await csv('customers.csv', 'cid,name\na,Ann\nb,Bo\n')
    const base = job(
      orders,
      [
        {
          kind: 'builtin',
          name: 'sql',
          params: {
            sql: 'SELECT o.id, c.name FROM orders o JOIN customers c USING (cid) ORDER BY o.id',
          },
        },
      ],
      [sink('j.jsonl')],
      contract,
    )
    const report = await runSlice(
      {
        ...base,
        sources: [
          ...base.sources,
          { uri: 'csv://customers.csv', path: customers, format: 'csv', mode: 'coerce' },
        ],
      },
      { log },
    )
    expect(report.recordsIn).toBe(5)
    expect(await lines(path.join(dir, 'staging', 'j.jsonl'))).toEqual([
      { id: 'o1', name: 'Ann' },
      { id: 'o2', name: 'Bo' },
    ])
  })

  it('reads each source by its own contract: coerced, and bad records routed', async () => {
    const orders = contractOf(`
contract: orders
version: 1.0.0
fields:
  id: { type: string, required: true }
  cid: { type: string, required: true }
  qty: { type: int, required: true, min: 1 }
`)
    const customers = contractOf(`
contract: customers
version: 1.0.0
fields:
  cid: { type: string, required: true }
  name: { type: string, required: true }
`)
    const joined = contractOf(`
contract: joined
version: 1.0.0
fields:
  id: { type: string, required: true }
  name: { type: string, required: true }
  double_qty: { type: int, required: true }
`)
    const o = await csv('orders.csv', 'id,cid,qty\no1,a,2\no2,b,0\no3,b,5\n')
    const c = await csv('customers.csv', 'cid,name\na,Ann\nb,Bo\n')
    const base = job(
      o,
      [
        {
          kind: 'builtin',
          name: 'sql',
          params: {
            sql: 'SELECT o.id, c.name, o.qty * 2 AS double_qty FROM orders o JOIN customers c USING (cid) ORDER BY o.id',
          },
        },
      ],
      [sink('j.jsonl'), sink('dlq.jsonl', { when: '!record.valid' })],
      joined,
    )
    const report = await runSlice(
      {
        ...base,
        sources: [
          { ...base.sources[0]!, contract: orders },
          {
            uri: 'csv://customers.csv',
            path: c,
            format: 'csv',
            mode: 'coerce',
            contract: customers,
          },
        ],
      },
      { log },
    )
    expect(report).toMatchObject({ recordsIn: 5, valid: 2, invalid: 1 })
    expect(await lines(path.join(dir, 'staging', 'j.jsonl'))).toEqual([
      { id: 'o1', name: 'Ann', double_qty: 4 },
      { id: 'o3', name: 'Bo', double_qty: 10 },
    ])
    const dlq = await lines(path.join(dir, 'staging', 'dlq.jsonl'))
    expect(dlq.map((r) => (r.record as { id: string }).id)).toEqual(['o2'])
    expect(dlq[0]!.source).toEqual({ uri: `csv://${o}`, position: 2 })
  })
})
