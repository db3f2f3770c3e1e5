import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldSpec, type Contract } from '@runink/contracts'
import type { SliceJob, SliceStep } from '../stage/index.js'
import { createSliceRunner } from './sandbox-slice-runner.js'
import {
  sliceHostCommand,
  sliceHostPath,
  sliceHostSnapshot,
  sliceHostWarning,
} from './slice-host-path.js'
import type { SliceRunner } from './slice-runner.js'

const contract: Contract = {
  contract: 'people',
  version: '1.0.0',
  unknown_fields: 'reject',
  fields: {
    id: fieldSpec('string', { required: true }),
    ssn: fieldSpec('string', { pii: true, mask: 'tokenize' }),
  },
}
const step = (name: string): SliceStep => ({ kind: 'builtin', name, params: {} })

let dir: string
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'runink-host-'))
  writeFileSync(path.join(dir, 'people.csv'), 'id,ssn\n1,111-22-3333\n2,444-55-6666\n')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function job(steps: SliceStep[]): SliceJob {
  const csv = path.join(dir, 'people.csv')
  return {
    runId: 'r',
    stageId: 's',
    sliceIndex: 0,
    attempt: 1,
    sources: [{ uri: `csv://${csv}`, path: csv, format: 'csv', mode: 'coerce' }],
    steps,
    contract,
    sinks: [{ uri: 'jsonl://out.jsonl', stagingPath: 'out.jsonl', format: 'jsonl' }],
    params: {},
    maskKey: 'k',
  }
}

describe('the slice host program', () => {
  it('is the bundle and the snapshot this build made (npm run build makes both)', () => {
    expect(sliceHostPath()).toMatch(/dist\/stage\/slice-host\.bundle\.js$/)
    expect(sliceHostSnapshot()).toMatch(/dist\/stage\/slice-host\.snapshot\.blob$/)
  })

  it('has nothing to warn about after npm run build, and says when slices start the slow way', () => {
    expect(
      sliceHostWarning({ program: sliceHostPath(), snapshot: sliceHostSnapshot() }),
    ).toBeUndefined()
    const all = (): boolean => true
    const none = (): boolean => false
    expect(sliceHostWarning({ program: '/x/slice-host.js' }, all)).toBe(
      'the slice host bundle is older than the code; the slice host snapshot is older than the code or was made by another Node: slices start slower until `npm run build`',
    )
    expect(sliceHostWarning({ program: '/x/slice-host.js' }, none)).toBe(
      'the slice host bundle is missing: slices start slower until `npm run build`',
    )
    expect(
      sliceHostWarning({ program: '/x/slice-host.bundle.js', snapshot: '/x/s.blob' }, all),
    ).toBeUndefined()
  })

  it('starts from the snapshot only for jobs of built-in steps other than sql', () => {
    const host = { program: '/x/slice-host.bundle.js', snapshot: '/x/slice-host.snapshot.blob' }
    expect(sliceHostCommand(job([step('mask'), step('filter')]), host)).toEqual([
      process.execPath,
      '--max-semi-space-size=16',
      '--snapshot-blob',
      host.snapshot,
    ])
    const module: SliceStep = { kind: 'module', module: '/x/s.ts', name: 'S', params: {} }
    for (const steps of [[step('sql')], [step('mask'), module]])
      expect(sliceHostCommand(job(steps), host)).toEqual([
        process.execPath,
        '--max-semi-space-size=16',
        host.program,
      ])
    // The Parquet libraries are not in the snapshot either.
    const parquetIn = job([step('mask')])
    const pq = { ...parquetIn.sources[0]!, format: 'parquet' as const }
    expect(sliceHostCommand({ ...parquetIn, sources: [pq] }, host)).toEqual([
      process.execPath,
      '--max-semi-space-size=16',
      host.program,
    ])
    const pqSink = { ...parquetIn.sinks[0]!, format: 'parquet' as const }
    expect(sliceHostCommand({ ...parquetIn, sinks: [pqSink] }, host)).toEqual([
      process.execPath,
      '--max-semi-space-size=16',
      host.program,
    ])
    expect(sliceHostCommand(job([]), { program: host.program })).toEqual([
      process.execPath,
      '--max-semi-space-size=16',
      host.program,
    ])
  })
})

describe('slices started from the snapshot', () => {
  let runner: SliceRunner
  beforeAll(async () => {
    runner = await createSliceRunner({ mode: 'process', stagingRoot: path.join(dir, 'staging') })
  })
  afterAll(() => runner.close())

  it('draw fresh random ids and read the clock of now, not of the build', async () => {
    const tokens: string[][] = []
    for (let i = 0; i < 2; i++) {
      const outcome = await runner.run(job([step('mask')]), {}, {})
      if (!outcome.ok) throw new Error(outcome.message)
      // A report's sink paths are the job's, relative to the slice's staging folder.
      const staged = path.join(outcome.stagingDir!, outcome.report.sinks[0]!.stagingPath)
      const lines = readFileSync(staged, 'utf8').trim().split('\n')
      tokens.push(lines.map((l) => (JSON.parse(l) as { ssn: string }).ssn))
    }
    const all = tokens.flat()
    expect(new Set(all).size).toBe(4)
    // UUIDv7 tokens carry their creation time in the first 48 bits.
    for (const token of all) {
      const ms = Number.parseInt(token.replace(/^tok:/, '').replaceAll('-', '').slice(0, 12), 16)
      expect(Math.abs(ms - Date.now())).toBeLessThan(60_000)
    }
  })
})
