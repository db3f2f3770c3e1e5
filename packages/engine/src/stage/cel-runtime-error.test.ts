import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseContract, type Contract } from '@runink/contracts'
import { runSlice } from './run-slice.js'
import type { SliceJob, SliceStep } from './slice-job.js'

const { contract } = parseContract(
  `
contract: item
version: 1.0.0
fields:
  id: { type: string, required: true }
  qty: { type: int }
`,
  'item.yaml',
)
const ITEM = contract?.model as Contract

const log = { info: () => undefined, warn: () => undefined, error: () => undefined }
let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-cel-error-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function job(data: string, step: SliceStep): Promise<SliceJob> {
  const src = path.join(dir, 'items.csv')
  await writeFile(src, data)
  const sink = (name: string, when?: string) => ({
    uri: `jsonl://${name}`,
    stagingPath: path.join(dir, name),
    format: 'jsonl' as const,
    ...(when === undefined ? {} : { when }),
  })
  return {
    runId: 'r',
    stageId: 'items',
    sliceIndex: 0,
    attempt: 1,
    sources: [{ uri: 'csv://data/items.csv', path: src, format: 'csv', mode: 'coerce' }],
    steps: [step],
    contract: ITEM,
    sinks: [sink('o.jsonl'), sink('d.jsonl', '!record.valid')],
    params: {},
    maskKey: 'k',
  }
}

describe('a CEL expression failing on real data', () => {
  it('names the record number, the expression and the null field', async () => {
    const j = await job('id,qty\nk1,2\nk2,\nk3,4\n', {
      kind: 'builtin',
      name: 'derive',
      params: { double: 'record.qty * 2' },
    })
    await expect(runSlice(j, { log })).rejects.toThrow(
      'record 2 of data/items.csv: expression "record.qty * 2" failed: no such overload: dyn<null> * int (record.qty is null)',
    )
  })

  it('a guarded expression runs over the same records', async () => {
    const j = await job('id,qty\nk1,2\nk2,\nk3,4\n', {
      kind: 'builtin',
      name: 'filter',
      params: { condition: 'record.qty != null && record.qty > 2' },
    })
    const report = await runSlice(j, { log })
    expect(report).toMatchObject({ recordsIn: 3, valid: 1, filtered: 2 })
  })
})
