import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseMessage, runEventSchema } from '@runink/protocol'
import type { RunEvent } from './run-events.js'
import { runPipeline } from './run-pipeline.js'
import type { RunnableStage } from './runnable-stage.js'
import { createSliceRunner } from './sandbox-slice-runner.js'
import type { SliceRunner } from './slice-runner.js'
import { memoryPorts } from './testing/memory-ports.js'
import { testContract, testStage } from './testing/test-stage.js'

const PRICED = testContract(`
contract: priced
version: 1.0.0
fields:
  id: { type: string, required: true }
  price: { type: decimal, required: true, min: 0 }
`)

let dir: string
let runner: SliceRunner

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-ports-'))
  // Slices run as the runink-slice account, which must reach the project.
  await chmod(dir, 0o755)
  await mkdir(path.join(dir, 'data'))
  await chmod(path.join(dir, 'data'), 0o755)
  await writeFile(path.join(dir, 'data', 'prices.csv'), 'id,price\na,1.5\nb,-2\nc,3\n')
  runner = await createSliceRunner({
    mode: 'sandbox',
    stagingRoot: path.join(dir, '.runink-staging', 'slices'),
  })
})
afterEach(async () => {
  await runner.close()
  await rm(dir, { recursive: true, force: true })
})

const STAGES: RunnableStage[] = [
  testStage('clean', PRICED, {
    sources: [{ uri: 'csv://data/prices.csv' }],
    sinks: [{ uri: 'dataset://prices' }, { uri: 'jsonl://out/bad.jsonl', when: '!record.valid' }],
  }),
  testStage('report', PRICED, {
    dependsOn: ['clean'],
    sources: [{ uri: 'dataset://prices' }],
    sinks: [{ uri: 'jsonl://out/report.jsonl' }],
  }),
]

function run(ports: ReturnType<typeof memoryPorts>, events: RunEvent[] = []) {
  return runPipeline({
    ledger: ports.ledger,
    catalog: ports.catalog,
    plan: { stages: STAGES.map((s) => s.id) },
    planHash: 'sha256:' + 'e'.repeat(64),
    name: 'ports',
    herd: 'default',
    stages: STAGES,
    baseDir: dir,
    runner,
    concurrency: 2,
    maskKey: 'k',
    stagingDir: path.join(dir, '.runink-staging', 'run'),
    onEvent: (e) => events.push(e),
  })
}

const lines = async (file: string) =>
  (await readFile(path.join(dir, file), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)

describe('the engine against its ports alone (in memory, no Barn)', () => {
  it('runs a pipeline of two stages end to end, then serves both from the cache', async () => {
    const ports = memoryPorts()
    const events: RunEvent[] = []
    const first = await run(ports, events)
    expect(first.status).toBe('succeeded')
    // What the runner reports is the protocol's run event, version 1, as a renderer in another
    // process would parse it.
    expect(events.map((e) => e.type)).toContain('stage-finished')
    for (const event of events)
      expect(parseMessage(runEventSchema, event, 'run event')).toMatchObject({ ok: true })
    expect(first.stages.map((s) => [s.id, s.status])).toEqual([
      ['clean', 'succeeded'],
      ['report', 'succeeded'],
    ])
    expect((await lines('out/report.jsonl')).map((r) => r.id)).toEqual(['a', 'c'])
    expect((await lines('out/bad.jsonl')).map((r) => (r.record as { id: string }).id)).toEqual([
      'b',
    ])
    const { state } = ports
    expect(state.versions.map((v) => [v.ref, v.recordCount])).toEqual([
      ['dataset://prices@1', 2],
      ['dataset://files/out/bad.jsonl@1', 1],
      ['dataset://files/out/report.jsonl@1', 2],
    ])
    // Every stage and the run moved along core's transition table (illegal moves throw).
    expect([...state.stages.values()].map((s) => [s.stage, s.statuses])).toEqual([
      ['clean', ['queued', 'running', 'succeeded']],
      ['report', ['queued', 'running', 'succeeded']],
    ])
    expect([...state.runs.values()].map((r) => r.status)).toEqual(['succeeded'])
    expect(state.lineage.map((e) => `${e.stage}:${e.eventType}`)).toEqual([
      'clean:START',
      'clean:COMPLETE',
      'report:START',
      'report:COMPLETE',
    ])
    // The downstream stage read exactly the version its upstream committed in this run.
    const pins = [...state.runs.values()][0]!.pins as Array<{ uri: string; ref?: string }>
    expect(pins.find((p) => p.uri === 'dataset://prices')?.ref).toBe('dataset://prices@1')
    const clean = [...state.stages.values()].find((s) => s.stage === 'clean')!
    expect(clean.stats).toMatchObject({ in: 3, valid: 2, invalid: 1, out: 2 })

    const again = await run(ports)
    expect(again.stages.map((s) => [s.id, s.status])).toEqual([
      ['clean', 'cached'],
      ['report', 'cached'],
    ])
    expect(state.cacheNotes.map((n) => n.hit)).toEqual([false, false, true, true])
    expect(state.versions).toHaveLength(3)
  })

  it('fails a stage whose records are all invalid, skips its dependent, and keeps the code', async () => {
    await writeFile(path.join(dir, 'data', 'prices.csv'), 'id,price\nb,-2\n')
    const ports = memoryPorts()
    const result = await run(ports)
    expect(result.status).toBe('failed')
    expect(result.stages.map((s) => [s.id, s.status, s.code])).toEqual([
      ['clean', 'failed', 'RUNINK_STAGE_EMPTY'],
      ['report', 'skipped', 'RUNINK_STAGE_UPSTREAM_FAILED'],
    ])
    expect([...ports.state.stages.values()].map((s) => s.statuses.at(-1))).toEqual([
      'failed',
      'skipped',
    ])
    expect(ports.state.versions).toEqual([])
  })
})
