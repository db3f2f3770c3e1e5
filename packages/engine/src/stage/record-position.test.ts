import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseContract, type Contract } from '@runink/contracts'
import { failureReportOf, runSlice } from './run-slice.js'
import type { SliceJob, SliceSink, SliceStep } from './slice-job.js'
import { positionOf, recordNamer, setPosition } from './record-position.js'

function contractOf(text: string): Contract {
  const { contract, problems } = parseContract(text, 'test.yaml')
  if (!contract) throw new Error(problems.map((p) => p.message).join('; '))
  return contract.model
}

const ITEM = contractOf(`
contract: item
version: 1.0.0
fields:
  id: { type: string, required: true, pattern: "^k" }
  qty: { type: int, required: true, min: 1 }
`)

const log = { info: () => undefined, warn: () => undefined, error: () => undefined }
let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-position-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const sink = (name: string, when?: string): SliceSink => ({
  uri: `jsonl://${name}`,
  stagingPath: path.join(dir, name),
  format: 'jsonl',
  ...(when === undefined ? {} : { when }),
})

async function job(data: string, steps: SliceStep[], sinks: SliceSink[]): Promise<SliceJob> {
  const src = path.join(dir, 'trades.csv')
  await writeFile(src, data)
  return {
    runId: 'r',
    stageId: 'stage-x',
    sliceIndex: 0,
    attempt: 1,
    sources: [{ uri: 'csv://data/trades.csv', path: src, format: 'csv', mode: 'coerce' }],
    steps,
    contract: ITEM,
    sinks,
    params: {},
    maskKey: 'k',
  }
}

async function stepsModule(source: string): Promise<string> {
  await mkdir(path.join(dir, 'steps'), { recursive: true })
  const file = path.join(dir, 'steps', 'steps.ts')
  await writeFile(file, `import { defineStep } from '@runink/engine'\n${source}`)
  return file
}

const lines = async (file: string): Promise<Record<string, unknown>[]> =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)

describe('record positions', () => {
  it('encodes the source and the 1-based number, and names records by them', () => {
    const r = {}
    setPosition(r, { source: 2, n: 1234 })
    expect(positionOf(r)).toEqual({ source: 2, n: 1234 })
    expect(positionOf({ ...r })).toEqual({ source: 2, n: 1234 })
    expect(JSON.stringify(r)).toBe('{}')
    const name = recordNamer(['csv://a.csv', 'csv://b.csv', 'dataset://silver.trades'])
    expect(name(r)).toBe('record 1234 of dataset://silver.trades')
    expect(name({})).toBe('a record made by a step (no input position)')
  })

  it('names the record a TypeScript map step threw on by its place in the file', async () => {
    const file = await stepsModule(`
export const Boom = defineStep({ map(r: Record<string, unknown>) { if (r.id === 'k3') throw new Error('bad k3'); return r } })
`)
    const rows = ['k1,1', 'k2,2', 'k3,3', 'k4,4'].join('\n')
    const j = await job(
      `id,qty\n${rows}\n`,
      [{ kind: 'module', name: 'Boom', module: file, params: {} }],
      [sink('o.jsonl')],
    )
    await expect(runSlice(j, { log })).rejects.toThrow(
      /^record 3 of data\/trades\.csv: step Boom failed: bad k3$/,
    )
  })

  it('names where a stream step was when it threw, after steps that dropped records', async () => {
    const file = await stepsModule(`
export const Boom = defineStep({ async *stream(rs: AsyncIterable<Record<string, unknown>>) { for await (const r of rs) { if (r.id === 'k5') throw new Error('no k5'); yield r } } })
`)
    const rows = ['k1,1', 'k2,50', 'k3,3', 'k4,50', 'k5,5'].join('\n')
    const j = await job(
      `id,qty\n${rows}\n`,
      [
        { kind: 'builtin', name: 'filter', params: { condition: 'record.qty < 10' } },
        { kind: 'module', name: 'Boom', module: file, params: {} },
      ],
      [sink('o.jsonl')],
    )
    await expect(runSlice(j, { log })).rejects.toThrow(
      'at record 5 of data/trades.csv: step Boom failed: no k5',
    )
  })

  it('names the record a derive expression failed on', async () => {
    const j = await job(
      'id,qty\nk1,1\nk2,0\n',
      [{ kind: 'builtin', name: 'derive', params: { qty: 'record.qty / (record.qty - 1)' } }],
      [sink('o.jsonl'), sink('d.jsonl', '!record.valid')],
    )
    // k2 is rejected at the source (qty 0), so the failing record is the first one.
    await expect(runSlice(j, { log })).rejects.toThrow(
      /^record 1 of data\/trades\.csv: expression /,
    )
  })

  it('numbers records as read in every partition, and keeps them through steps that copy records', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => (i % 7 === 3 ? `bad${i + 1}` : `k${i + 1}`))
    const data = `id,qty\n${ids.map((id) => `${id},1`).join('\n')}\n`
    const positions: number[] = []
    for (let index = 0; index < 3; index++) {
      const j = await job(
        data,
        [{ kind: 'builtin', name: 'select', params: { fields: ['id', 'qty'] } }],
        [sink(`o${index}.jsonl`), sink(`d${index}.jsonl`, '!record.valid')],
      )
      // The stage contract is checked at the output here (select may change a record).
      await runSlice({ ...j, partition: { by: 'id', n: 3, index } }, { log })
      for (const d of await lines(path.join(dir, `d${index}.jsonl`))) {
        const record = d.record as { id: string }
        // The record's id holds its 1-based line in the data: the position must say the same.
        expect(d.source).toEqual({
          uri: 'csv://data/trades.csv',
          position: Number(record.id.slice(3)),
        })
        positions.push((d.source as { position: number }).position)
      }
    }
    expect(positions.sort((a, b) => a - b)).toEqual([4, 11, 18, 25])
  })

  it('keeps counts, reasons and the first invalid records of a slice that failed', async () => {
    const j = await job('id,qty\nk1,1\nx2,1\nk3,0\nx4,0\n', [], [sink('o.jsonl')])
    const error = await runSlice(j, { log }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'RUNINK_STAGE_UNROUTED_INVALID' })
    const report = failureReportOf(error)
    expect(report).toMatchObject({ recordsIn: 4, valid: 1, invalid: 3, unrouted: 3, filtered: 0 })
    expect(report?.reasons).toEqual([
      { field: 'id', rule: 'pattern', label: 'id: does not match ^k', count: 2 },
      { field: 'qty', rule: 'min', label: 'qty: must be ≥ 1', count: 2 },
    ])
    expect(report?.sample.map((d) => d.source?.position)).toEqual([2, 3, 4])
    // As the host receives it (JSON): the record as read, values as text.
    expect(JSON.parse(JSON.stringify(report?.sample[0]))).toEqual({
      record: { id: 'x2', qty: '1' },
      errors: [expect.objectContaining({ field: 'id', rule: 'pattern', actual: 'x2' })],
      stage: 'stage-x',
      source: { uri: 'csv://data/trades.csv', position: 2 },
    })
  })
})
