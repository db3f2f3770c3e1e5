import { readFile, rm, writeFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cgroupsEnforce } from '@runink/sandbox/testing'
import type { Barn } from '@runink/store'
import { type RunEvent, type RunnableStage, runPipeline, type SliceRunner } from '@runink/engine'
import { testContract, testStage } from '@runink/engine/testing'
import { readHerdGrants } from './read-herd-grants.js'
import { barnPorts } from './barn-ports.js'
import { openBarnProject, type BarnProject } from './testing/barn-project.js'

const RAW = testContract(`
contract: raw
version: 1.0.0
fields:
  id: { type: string, required: true, pattern: "^R[0-9]+$" }
  amount: { type: decimal, required: true, min: 0 }
  email: { type: string, pii: true, mask: redact }
`)
const TOTAL = testContract(`
contract: total
version: 1.0.0
fields:
  n: { type: int, required: true }
  total: { type: float, required: true }
`)

let project: BarnProject
let dir: string
let barn: Barn
let runner: SliceRunner

beforeEach(async () => {
  project = await openBarnProject('runink-run-')
  ;({ dir, barn, runner } = project)
  await writeFile(
    path.join(dir, 'in.csv'),
    'id,amount,email\nR1,10,a@x.io\nR2,5.5,b@x.io\nbad,1,\nR4,-3,\n',
  )
})
afterEach(() => project.close())

function stage(id: string, over: Partial<RunnableStage>): RunnableStage {
  return testStage(id, RAW, { ...over })
}

const pipeline = (): RunnableStage[] => [
  stage('ingest', {
    sources: [{ uri: 'csv://in.csv' }],
    steps: [{ kind: 'builtin', name: 'mask', params: {} }],
    sinks: [{ uri: 'dataset://clean' }, { uri: 'jsonl://out/dlq.jsonl', when: '!record.valid' }],
    asserts: ['invalid.ratio <= 0.5'],
  }),
  stage('sum', {
    dependsOn: ['ingest'],
    sources: [{ uri: 'dataset://clean' }],
    steps: [
      {
        kind: 'builtin',
        name: 'sql',
        params: { sql: 'SELECT count(*) AS n, sum(amount) AS total FROM input' },
      },
    ],
    sinks: [{ uri: 'dataset://totals' }, { uri: 'csv://out/totals.csv' }],
    contract: TOTAL,
  }),
]

async function run(
  stages: RunnableStage[],
  extra: { noCache?: boolean; events?: RunEvent[] } = {},
) {
  return runPipeline({
    ...barnPorts(barn),
    plan: { stages: stages.map((s) => s.id) },
    planHash: 'sha256:' + 'a'.repeat(64),
    name: 'test_pipeline',
    herd: 'default',
    stages,
    baseDir: dir,
    runner,
    concurrency: 2,
    maskKey: 'k',
    stagingDir: path.join(dir, '.runink-staging', 'run'),
    grants: await readHerdGrants(barn, 'default'),
    noCache: extra.noCache ?? false,
    onEvent: (e) => extra.events?.push(e),
  })
}

describe('runPipeline', () => {
  it('runs dependent stages in processes, commits datasets and files, and records it all', async () => {
    const events: RunEvent[] = []
    const result = await run(pipeline(), { events })
    expect(result.status).toBe('succeeded')
    expect(result.stages.map((s) => [s.id, s.status])).toEqual([
      ['ingest', 'succeeded'],
      ['sum', 'succeeded'],
    ])
    const clean = await barn.datasets.resolve('dataset://clean')
    expect(clean).toMatchObject({
      version: 1,
      recordCount: 2,
      format: 'jsonl',
      runId: result.runId,
    })
    expect(await readFile(path.join(dir, 'out', 'totals.csv'), 'utf8')).toBe('n,total\n2,15.5\n')
    const dlq = (await readFile(path.join(dir, 'out', 'dlq.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    // Dead letters are envelopes: the record, its errors, its stage and where it was read.
    expect(dlq.map((r: { record: { id: string } }) => r.record.id)).toEqual(['bad', 'R4'])
    expect(dlq.map((r: { source: unknown }) => r.source)).toEqual([
      { uri: 'csv://in.csv', position: 3 },
      { uri: 'csv://in.csv', position: 4 },
    ])
    const detail = await barn.runDetail(result.runId)
    expect(detail.run.status).toBe('succeeded')
    const lineage = await barn.lineage.events({ runId: result.runId })
    expect(lineage.map((e) => e.eventType).sort()).toEqual([
      'COMPLETE',
      'COMPLETE',
      'START',
      'START',
    ])
    expect(events.some((e) => e.type === 'stage-finished')).toBe(true)
    expect(await readdir(path.join(dir, '.runink', 'staging')).catch(() => [])).toEqual([])
  })

  it('reuses outputs from the cache on a rerun, and not with noCache', async () => {
    await run(pipeline())
    const again = await run(pipeline())
    expect(again.stages.map((s) => s.status)).toEqual(['cached', 'cached'])
    expect((await barn.datasets.versions('clean')).length).toBe(1)
    await rm(path.join(dir, 'out', 'totals.csv'))
    await run(pipeline())
    expect(await readFile(path.join(dir, 'out', 'totals.csv'), 'utf8')).toBe('n,total\n2,15.5\n')
    const forced = await run(pipeline(), { noCache: true })
    expect(forced.stages.map((s) => s.status)).toEqual(['succeeded', 'succeeded'])
    expect((await barn.datasets.versions('clean')).length).toBe(2)
  })

  it('fails a stage whose assert fails, publishes nothing, and skips its dependents', async () => {
    const stages = pipeline()
    stages[0] = { ...stages[0]!, asserts: ['invalid.ratio < 0.1'] }
    const result = await run(stages)
    expect(result.status).toBe('failed')
    expect(result.stages[0]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('invalid.ratio < 0.1'),
    })
    expect(result.stages[0]!.error).toContain('invalid.count=2')
    expect(result.stages[1]).toMatchObject({ status: 'skipped' })
    await expect(barn.datasets.resolve('dataset://clean')).rejects.toThrow()
    await expect(readFile(path.join(dir, 'out', 'dlq.jsonl'))).rejects.toThrow()
  })

  it('retries a crashed slice and commits its output once', async () => {
    // The slice process kills itself mid-stream on its first attempt, as the OOM killer or a
    // node failure would; the retry must succeed and publish exactly once.
    await writeFile(
      path.join(dir, 'flaky.ts'),
      `import { defineStep } from '@runink/engine'
export const Flaky = defineStep({ map(r: Record<string, unknown>, ctx) {
  if (ctx.attempt === 1) process.kill(process.pid, 'SIGKILL')
  return r } })`,
    )
    const stages = [
      stage('flaky', {
        sources: [{ uri: 'csv://in.csv' }],
        steps: [{ kind: 'module', name: 'Flaky', module: path.join(dir, 'flaky.ts'), params: {} }],
        sinks: [
          { uri: 'dataset://flaky' },
          { uri: 'jsonl://out/bad.jsonl', when: '!record.valid' },
        ],
        retry: { attempts: 3, backoff: 'exponential', initialMs: 10, maxMs: 50 },
      }),
    ]
    const events: RunEvent[] = []
    const result = await run(stages, { events })
    expect(result.stages[0]!.error).toBeUndefined()
    expect(result.status).toBe('succeeded')
    expect(result.stages[0]!.attempts).toBe(2)
    expect(events.filter((e) => e.type === 'stage-retrying')).toHaveLength(1)
    const versions = await barn.datasets.versions('flaky')
    expect(versions).toHaveLength(1)
    expect(versions[0]!.recordCount).toBe(2)
  })

  it('enforces and explains a stage memory limit and a timeout', async () => {
    await writeFile(
      path.join(dir, 'hungry.ts'),
      `import { defineStep } from '@runink/engine'
const hold: Uint8Array[] = []
export const Hungry = defineStep({ map(r: Record<string, unknown>) {
  for (let i = 0; i < 64; i++) hold.push(new Uint8Array(32 * 1024 * 1024).fill(1))
  return r } })
export const Forever = defineStep({ map(r: Record<string, unknown>) { for (;;) { /* spin */ } } })`,
    )
    const limited = (
      id: string,
      step: string,
      resources: RunnableStage['resources'],
    ): RunnableStage =>
      stage(id, {
        sources: [{ uri: 'csv://in.csv' }],
        steps: [{ kind: 'module', name: step, module: path.join(dir, 'hungry.ts'), params: {} }],
        sinks: [
          { uri: `dataset://${id}` },
          { uri: `jsonl://out/${id}-dlq.jsonl`, when: '!record.valid' },
        ],
        resources,
        cache: false,
      })
    const result = await run([
      limited('hungry', 'Hungry', { memoryBytes: 256 * 2 ** 20, timeoutMs: 60_000 }),
      limited('forever', 'Forever', { timeoutMs: 2000 }),
    ])
    expect(result.status).toBe('failed')
    const byId = Object.fromEntries(result.stages.map((s) => [s.id, s]))
    expect(byId.hungry).toMatchObject({
      status: 'failed',
      // A user without a delegated cgroup: refused before it runs rather than run unlimited.
      error: cgroupsEnforce()
        ? 'exceeded its memory limit of 256Mi'
        : expect.stringMatching(
            /^could not start the slice: the stage asks for memory 256Mi, which this host cannot enforce/,
          ),
    })
    expect(byId.forever).toMatchObject({ status: 'failed', error: 'timed out after 2s' })
    await expect(barn.datasets.resolve('dataset://hungry')).rejects.toThrow()
    await expect(readFile(path.join(dir, 'out', 'forever-dlq.jsonl'))).rejects.toThrow()
  })

  it('hides the Barn from a step that runs in the project folder', async () => {
    // The Barn lives in <dir>/.runink; an exec step runs with <dir> mounted read-only.
    await writeFile(path.join(dir, '.runink', 'secret.txt'), 'mask keys and the database live here')
    const probe = [
      'test -e .runink/db && echo "barn database visible" >&2 && exit 9',
      'test -e .runink/secret.txt && echo "barn files visible" >&2 && exit 9',
      'cat',
    ].join('; ')
    const result = await run([
      stage('probe', {
        sources: [{ uri: 'csv://in.csv' }],
        steps: [{ kind: 'exec', name: 'probe', command: probe, params: {} }],
        sinks: [
          { uri: 'dataset://probed' },
          { uri: 'jsonl://out/probe-dlq.jsonl', when: '!record.valid' },
        ],
        cache: false,
      }),
    ])
    expect(result.stages[0]).toMatchObject({ status: 'succeeded' })
    expect((await barn.datasets.resolve('dataset://probed')).recordCount).toBe(2)
  })

  it('gives a slice the network only when its herd grants egress to one of its steps', async () => {
    // Connects to the host's PostgreSQL, then passes its records through.
    const probe = [
      'node -e "',
      "const s = require('net').connect(5432, '127.0.0.1');",
      "s.on('connect', () => { console.error('connected'); s.destroy(); process.stdin.pipe(process.stdout) });",
      "s.on('error', (e) => { console.error('no network: ' + e.code); process.exit(7) })",
      '"',
    ].join(' ')
    const probeStage = (id: string): RunnableStage =>
      stage(id, {
        sources: [{ uri: 'csv://in.csv' }],
        steps: [{ kind: 'exec', name: 'netprobe', command: probe, params: {} }],
        sinks: [
          { uri: `dataset://${id}` },
          { uri: `jsonl://out/${id}-dlq.jsonl`, when: '!record.valid' },
        ],
        cache: false,
      })
    const logsOf = async (runId: string): Promise<string[]> => {
      const slices = await barn.db
        .selectFrom('slices')
        .select('id')
        .where('run_id', '=', runId)
        .execute()
      const lines = await Promise.all(slices.map((s) => barn.logs.read(s.id)))
      return lines.flatMap((l) => l.lines.map((x) => x.line))
    }

    const denied = await run([probeStage('denied')])
    expect(denied.stages[0]).toMatchObject({ status: 'failed' })
    const deniedLogs = await logsOf(denied.runId)
    expect(deniedLogs.join('\n')).toMatch(/no network: E(CONNREFUSED|NETUNREACH)/)
    expect(deniedLogs.join('\n')).not.toMatch(/egress granted/)

    await barn.herds.grantEgress('default', 'netprobe', 'alice')
    const granted = await run([probeStage('granted')])
    expect(granted.stages[0]).toMatchObject({ status: 'succeeded' })
    expect((await barn.datasets.resolve('dataset://granted')).recordCount).toBe(2)
    const grantedLogs = await logsOf(granted.runId)
    expect(grantedLogs).toContain('runink: network egress granted by herd default to netprobe')
    expect(grantedLogs.join('\n')).toMatch(/"message":"connected","step":"netprobe"/)

    await barn.herds.revokeEgress('default', 'netprobe', 'alice')
    const revoked = await run([probeStage('revoked')])
    expect(revoked.stages[0]).toMatchObject({ status: 'failed' })
  })
})
