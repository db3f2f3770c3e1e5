import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseContract, type Contract } from '@runink/contracts'
import { runSlice } from './run-slice.js'
import type { SliceJob, SliceReport, SliceSink, SliceStep } from './slice-job.js'

function contractOf(text: string): Contract {
  const { contract, problems } = parseContract(text, 'test.yaml')
  if (!contract) throw new Error(problems.map((p) => p.message).join('; '))
  return contract.model
}

const ITEM = contractOf(`
contract: item
version: 1.0.0
fields:
  id: { type: string, required: true }
  qty: { type: int, required: true, min: 1 }
`)

const log = { info: () => undefined, warn: () => undefined, error: () => undefined }
let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-tally-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

// a,b dup of a, c (qty 0: invalid), d, e (qty 50: filtered by qty < 40)
const DATA = 'id,qty\na,1\na,1\nc,0\nd,3\ne,50\n'

async function run(steps: SliceStep[], data = DATA): Promise<SliceReport> {
  const src = path.join(dir, 'in.csv')
  await writeFile(src, data)
  const sinks: SliceSink[] = [
    { uri: 'jsonl://out.jsonl', stagingPath: path.join(dir, 'out.jsonl'), format: 'jsonl' },
    {
      uri: 'jsonl://dlq.jsonl',
      stagingPath: path.join(dir, 'dlq.jsonl'),
      format: 'jsonl',
      when: '!record.valid',
    },
  ]
  const job: SliceJob = {
    runId: 'r',
    stageId: 's',
    sliceIndex: 0,
    attempt: 1,
    sources: [{ uri: 'csv://in.csv', path: src, format: 'csv', mode: 'coerce' }],
    steps,
    contract: ITEM,
    sinks,
    params: {},
    maskKey: 'k',
  }
  return runSlice(job, { log })
}

/** The identity every report must satisfy. */
function reconciles(r: SliceReport): boolean {
  return r.recordsIn + r.added === r.valid + r.invalid + r.filtered
}

async function module(source: string): Promise<string> {
  await mkdir(path.join(dir, 'steps'), { recursive: true })
  const file = path.join(dir, 'steps', 'steps.ts')
  await writeFile(file, `import { defineStep } from '@runink/engine'\n${source}`)
  return file
}

describe('slice counts reconcile: in + added = valid + invalid + filtered', () => {
  it('counts what filter and dedupe drop as filtered, and out as the valid records written', async () => {
    const r = await run([
      { kind: 'builtin', name: 'dedupe', params: { key: ['id'] } },
      { kind: 'builtin', name: 'filter', params: { condition: 'record.qty < 40' } },
    ])
    // 5 read: 1 duplicate and 1 filtered dropped, c invalid (qty 0), a and d valid.
    expect(r).toMatchObject({ recordsIn: 5, filtered: 2, added: 0, valid: 2, invalid: 1 })
    expect(r.recordsOut).toBe(2)
    expect(r.sinks.map((s) => s.records)).toEqual([2, 1])
    expect(reconciles(r)).toBe(true)
  })

  it('counts a TypeScript step returning null as filtered and an array as added', async () => {
    const file = await module(`
export const DropD = defineStep({ map(r: Record<string, unknown>) { return r.id === 'd' ? null : r } })
export const Twice = defineStep({ map(r: Record<string, unknown>) { return r.id === 'a' ? [r, { ...r, id: 'a2' }] : r } })
export const Nothing = defineStep({ map(r: Record<string, unknown>) { return r.id === 'e' ? undefined as unknown as null : r } })
`)
    const r = await run([
      { kind: 'module', name: 'DropD', module: file, params: {} },
      { kind: 'module', name: 'Twice', module: file, params: {} },
      { kind: 'module', name: 'Nothing', module: file, params: {} },
    ])
    // 5 read; d and e dropped (2 filtered); both a's doubled (2 added); c invalid.
    expect(r).toMatchObject({ recordsIn: 5, filtered: 2, added: 2, invalid: 1, valid: 4 })
    expect(reconciles(r)).toBe(true)
  })

  it('counts, record by record, a TypeScript map step that both drops and fans out', async () => {
    const file = await module(`
export const Mixed = defineStep({ map(r: Record<string, unknown>) {
  if (r.id === 'd') return null
  if (r.id === 'e') return []
  return r.id === 'a' ? [r, { ...r, id: 'a2' }, { ...r, id: 'a3' }] : r
} })
`)
    const r = await run([{ kind: 'module', name: 'Mixed', module: file, params: {} }])
    // 5 read; c invalid at the source; d and e give nothing (2 filtered); each a gives 3 (4
    // added). Counted by what went in and out, the step would hide both (4 in, 6 out).
    expect(r).toMatchObject({ recordsIn: 5, invalid: 1, valid: 6, filtered: 2, added: 4 })
    expect(reconciles(r)).toBe(true)
  })

  it('counts what a sql step aggregates away as filtered', async () => {
    const r = await run([
      {
        kind: 'builtin',
        name: 'sql',
        params: {
          sql: 'SELECT id, CAST(SUM(qty) AS INTEGER) AS qty FROM input GROUP BY id ORDER BY id',
        },
      },
    ])
    // c is rejected at the source (qty 0 breaks the contract it is read by); 4 reach the
    // query, which returns 3 groups: 1 filtered.
    expect(r).toMatchObject({ recordsIn: 5, invalid: 1, valid: 3, filtered: 1, added: 0 })
    expect(reconciles(r)).toBe(true)
    expect(
      (await readFile(path.join(dir, 'out.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { id: 'a', qty: 2 },
      { id: 'd', qty: 3 },
      { id: 'e', qty: 50 },
    ])
  })

  it('reads a header-only file as 0 records, all counts 0', async () => {
    const r = await run([], 'id,qty\n')
    expect(r).toMatchObject({ recordsIn: 0, recordsOut: 0, valid: 0, invalid: 0, filtered: 0 })
  })
})
