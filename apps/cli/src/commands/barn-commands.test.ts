import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFile, writeFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { uuidV7Ids } from '@runink/core'
import { herdNamespace, openBarn, type Barn } from '@runink/store'
import { createTestDatabase, makeTempDir, type TempDir, type TestDatabase } from '@runink/testing'
import { runCliWith, type CliRun } from '../testing/run-cli.js'

let db: TestDatabase
let dir: TempDir
let runId: string
let failedRunId: string

/** Runs `runi` in-process against the test database (RUNINK_DATABASE_URL), objects under dir. */
async function runi(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runiWith({ RUNINK_DATABASE_URL: db.url, XDG_STATE_HOME: stateDir() }, ...argv)
}

function runiWith(env: Record<string, string>, ...argv: string[]): Promise<CliRun> {
  return runCliWith({ cwd: dir.path, env }, ...argv)
}

/** Where runi keeps the audit seal's key in these tests (XDG_STATE_HOME). */
const stateDir = (): string => path.join(dir.path, 'state')

const openTestBarn = (): Promise<Barn> =>
  openBarn({
    home: dir.path,
    databaseUrl: db.url,
    actor: 'tester',
    auditKeyDir: path.join(stateDir(), 'runink', 'audit'),
  })

beforeAll(async () => {
  db = await createTestDatabase()
  dir = await makeTempDir('runink-cli-barn-')
  const barn = await openTestBarn()
  try {
    const plan = await barn.plans.put({ feature: 'trades' }, { name: 'trades' })
    const { run } = await barn.runs.create({
      planHash: plan.hash,
      parameters: { day: '2024-05-01' },
    })
    runId = run.id
    await barn.runs.start(run.id)
    const parent = { runId: run.id, job: { namespace: herdNamespace('default'), name: 'trades' } }
    const file = { namespace: 'file', name: path.join(dir.path, 'trades.csv') }
    const bronze = { namespace: herdNamespace('default'), name: 'bronze.trades' }
    const silver = { namespace: herdNamespace('default'), name: 'silver.trades' }
    for (const [stageName, inputs, outputs, counts] of [
      ['bronze', [file], [bronze], { recordsIn: 3, recordsOut: 3, recordsInvalid: 0 }],
      ['silver', [bronze], [silver], { recordsIn: 3, recordsOut: 2, recordsInvalid: 1 }],
    ] as const) {
      const stage = await barn.stages.create({
        runId: run.id,
        stage: stageName,
        nodeHash: `sha256:${stageName}`,
      })
      await barn.stages.transition(stage.id, 'running')
      const slice = await barn.stages.createSlice({ stageRunId: stage.id })
      await barn.stages.startSlice(slice.id, 'process')
      await barn.logs.append(slice.id, [`${stageName} started`, `${stageName} done`])
      await barn.stages.finishSlice(slice.id, 'succeeded', counts)
      await barn.stages.transition(stage.id, 'succeeded')
      await barn.datasets.write(Buffer.from(`{"stage":"${stageName}"}\n`), {
        name: `${stageName}.trades`,
        format: 'jsonl',
        recordCount: counts.recordsOut,
        runId: run.id,
        stageRunId: stage.id,
      })
      const job = { namespace: herdNamespace('default'), name: `trades.${stageName}` }
      const olRun = uuidV7Ids.next()
      await barn.lineage.emit({
        eventType: 'START',
        eventTime: new Date(),
        runId: olRun,
        job,
        parent,
        inputs: [...inputs],
      })
      await barn.lineage.emit({
        eventType: 'COMPLETE',
        eventTime: new Date(),
        runId: olRun,
        job,
        parent,
        inputs: [...inputs],
        outputs: [...outputs],
      })
    }
    await barn.runs.finish(run.id, 'succeeded')
    const failed = await barn.runs.create({
      planHash: plan.hash,
      parameters: { day: '2024-05-02' },
    })
    failedRunId = failed.run.id
    await barn.runs.start(failedRunId)
    await barn.runs.finish(failedRunId, 'failed', { error: 'stage silver failed' })
  } finally {
    await barn.close()
  }
})

afterAll(async () => {
  await db.drop()
  await dir.remove()
})

describe('runi runs / status', () => {
  it('lists runs newest first and filters by status', async () => {
    const all = await runi('runs', '--json')
    expect(all.code).toBe(0)
    expect((JSON.parse(all.stdout) as Array<{ id: string }>).map((r) => r.id)).toEqual([
      failedRunId,
      runId,
    ])
    const failed = await runi('runs', '--status', 'failed')
    expect(failed.stdout).toContain(failedRunId)
    expect(failed.stdout).not.toContain(runId)
    expect(failed.stdout).toMatch(/^RUN\s+STATUS\s+HERD/)
    expect((await runi('runs', '--status', 'bogus')).code).toBe(2)
  })

  it('shows a run with stages, counts and datasets written', async () => {
    const r = await runi('status', runId)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`run ${runId}  succeeded`)
    expect(r.stdout).toContain('records: 6 in, 5 out, 1 invalid')
    // IN VALID INVALID FILTERED OUT: stages recorded without stats show their slices' counts.
    expect(r.stdout).toMatch(/silver\s+succeeded\s+1\s+1\s+process\s+3\s+-\s+1\s+-\s+2/)
    expect(r.stdout).toContain('dataset://silver.trades@1')
    const json = JSON.parse((await runi('status', runId, '--json')).stdout) as {
      stages: unknown[]
      datasets: unknown[]
    }
    expect(json.stages).toHaveLength(2)
    expect(json.datasets).toHaveLength(2)
    const missing = await runi('status', 'no-such-run')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('no run no-such-run')
  })
})

describe('runi logs', () => {
  it("prints every slice's lines, or one stage's", async () => {
    const r = await runi('logs', runId)
    expect(r.stdout.trim().split('\n')).toEqual([
      '[bronze#0.1] bronze started',
      '[bronze#0.1] bronze done',
      '[silver#0.1] silver started',
      '[silver#0.1] silver done',
    ])
    expect((await runi('logs', runId, '--stage', 'silver')).stdout).not.toContain('bronze')
    expect((await runi('logs', runId, '--stage', 'gold')).code).toBe(2)
  })

  it('follows a running run until it ends', async () => {
    const barn = await openTestBarn()
    try {
      const plan = await barn.plans.put({ feature: 'live' }, { name: 'live' })
      const { run } = await barn.runs.create({ planHash: plan.hash })
      await barn.runs.start(run.id)
      const stage = await barn.stages.create({
        runId: run.id,
        stage: 'live',
        nodeHash: 'sha256:live',
      })
      const slice = await barn.stages.createSlice({ stageRunId: stage.id })
      await barn.stages.startSlice(slice.id, 'none')
      await barn.logs.append(slice.id, ['first'])
      const following = runi('logs', run.id, '--follow')
      await new Promise((r) => setTimeout(r, 400))
      await barn.logs.append(slice.id, ['second'])
      await new Promise((r) => setTimeout(r, 400))
      await barn.stages.finishSlice(slice.id, 'succeeded')
      await barn.runs.finish(run.id, 'succeeded')
      const r = await following
      expect(r.stdout.trim().split('\n')).toEqual(['[live#0.1] first', '[live#0.1] second'])
    } finally {
      await barn.close()
    }
  })
})

describe('runi dataset', () => {
  it('lists, shows, and lists versions', async () => {
    const list = await runi('dataset', 'list')
    expect(list.stdout).toMatch(/bronze\.trades\s+1\s+1\s+3/)
    const show = await runi('dataset', 'show', 'dataset://silver.trades@1')
    expect(show.stdout).toContain('dataset://silver.trades@1')
    expect(show.stdout).toContain(`run       ${runId}`)
    expect((await runi('dataset', 'show', 'dataset://silver.trades@9')).code).toBe(2)
  })

  it('pushes a file as the next version and pulls it back byte for byte', async () => {
    await writeFile(path.join(dir.path, 'more.csv'), 'id,qty\n1,2\n3,4\n5,6')
    const push = await runi('dataset', 'push', 'more.csv', 'bronze.trades', '--json')
    expect(push.code).toBe(0)
    expect(JSON.parse(push.stdout)).toMatchObject({ version: 2, recordCount: 3, format: 'csv' })
    const versions = JSON.parse(
      (await runi('dataset', 'versions', 'bronze.trades', '--json')).stdout,
    ) as Array<{ version: number }>
    expect(versions.map((v) => v.version)).toEqual([1, 2])
    const pulled = await runi('dataset', 'pull', 'dataset://bronze.trades', '-o', 'out.csv')
    expect(pulled.code).toBe(0)
    expect(await readFile(path.join(dir.path, 'out.csv'), 'utf8')).toBe('id,qty\n1,2\n3,4\n5,6')
    expect((await runi('dataset', 'pull', 'bronze.trades@1')).stdout).toBe('{"stage":"bronze"}\n')
    expect((await runi('dataset', 'push', 'nope.csv', 'x')).code).toBe(2)
  })
})

describe('runi lineage', () => {
  it('draws where a dataset came from as a tree', async () => {
    const r = await runi('lineage', 'dataset://silver.trades', '--upstream')
    expect(r.code).toBe(0)
    expect(r.stdout.trim().split('\n')).toEqual([
      'upstream:',
      'dataset://silver.trades',
      '└─ job trades.silver',
      '   └─ dataset://bronze.trades',
      '      └─ job trades.bronze',
      `         └─ file:${path.join(dir.path, 'trades.csv')}`,
    ])
  })

  it('prints DOT and JSON, for a dataset or a whole run', async () => {
    const dot = await runi('lineage', 'dataset://bronze.trades', '--downstream', '--format', 'dot')
    expect(dot.stdout).toContain('digraph lineage {')
    expect(dot.stdout).toContain(
      '"job:runink://default/trades.silver" -> "dataset:runink://default/silver.trades";',
    )
    expect(dot.stdout).not.toContain('trades.csv')
    const json = JSON.parse((await runi('lineage', runId, '--format', 'json')).stdout) as {
      nodes: unknown[]
      edges: unknown[]
    }
    expect(json.nodes).toHaveLength(5)
    expect(json.edges).toHaveLength(4)
    expect((await runi('lineage', 'dataset://nothing')).code).toBe(2)
    expect((await runi('lineage', runId, '--format', 'svg')).code).toBe(2)
  })
})

describe('runi audit', () => {
  it('logs filtered entries and exports NDJSON with hashes', async () => {
    const log = JSON.parse(
      (await runi('audit', 'log', '--action', 'run.create', '--json')).stdout,
    ) as Array<{ actor: string; resource: string }>
    expect(log.map((e) => e.resource)).toContain(`run/${runId}`)
    expect(log.every((e) => e.actor === 'tester')).toBe(true)
    expect((await runi('audit', 'log', '--since', '1h')).stdout).toContain('run.create')
    expect((await runi('audit', 'log', '--since', 'whenever')).code).toBe(2)
    const exported = await runi('audit', 'export', '--format', 'ndjson', '-o', 'audit.ndjson')
    expect(exported.code).toBe(0)
    const lines = (await readFile(path.join(dir.path, 'audit.ndjson'), 'utf8')).trim().split('\n')
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual(
      lines.map((_, i) => i + 1),
    )
    expect(JSON.parse(lines[0] ?? '{}')).toHaveProperty('hash')
  })

  it('verifies the chain, and exits 1 naming the entry someone changed', async () => {
    const ok = await runi('audit', 'verify')
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/^audit chain intact: \d+ entries/)
    // Tamper as someone with database access would: around the immutability trigger.
    const client = new pg.Client({ connectionString: db.url })
    await client.connect()
    try {
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_immutable')
      await client.query("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3")
      await client.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_immutable')
    } finally {
      await client.end()
    }
    const broken = await runi('audit', 'verify')
    expect(broken.code).toBe(1)
    expect(broken.stdout).toContain('audit chain BROKEN at entry 3: hash does not match the entry')
    expect(JSON.parse((await runi('audit', 'verify', '--json')).stdout)).toMatchObject({
      ok: false,
      seq: 3,
    })
  })
})

describe('embedded Barn', () => {
  it('uses .runink/ under --home when no database URL is set', async () => {
    const home = await makeTempDir('runink-cli-embedded-')
    try {
      await writeFile(path.join(home.path, 'x.jsonl'), '{"a":1}\n{"a":2}\n')
      const push = await runiWith(
        {},
        'dataset',
        'push',
        path.join(home.path, 'x.jsonl'),
        'x',
        '--home',
        home.path,
      )
      expect(push.code).toBe(0)
      expect(push.stdout).toMatch(/^dataset:\/\/x@1 {2}sha256:[0-9a-f]{64} {2}2 records/)
      const list = await runiWith({}, 'dataset', 'list', '--home', home.path)
      expect(list.stdout).toMatch(/^x\s+1\s+1\s+2/m)
    } finally {
      await home.remove()
    }
  })
})

describe('runi herd', () => {
  it('grants, lists and revokes network egress for a step, with audit rows', async () => {
    // The actor is who the process runs as, not $USER.
    const me = `${userInfo().username} (uid ${userInfo().uid})`
    const granted = await runiWith(
      { RUNINK_DATABASE_URL: db.url, XDG_STATE_HOME: stateDir(), USER: 'alice' },
      'herd',
      'egress',
      'grant',
      'finance',
      'FetchRates',
    )
    expect(granted).toMatchObject({ code: 0 })
    expect(granted.stdout).toContain(
      `herd finance: step FetchRates may reach the network (granted by ${me} at `,
    )
    const listed = await runi('herd', 'egress', 'list', 'finance')
    expect(listed.stdout).toMatch(/^FetchRates\s+\S+ \(uid \d+\)\s+\d{4}-/m)
    const herds = await runi('herd', 'list', '--json')
    expect(JSON.parse(herds.stdout)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'finance', egress: ['FetchRates'] }),
      ]),
    )
    const audit = await runi('audit', 'log', '--action', 'herd.egress.grant', '--json')
    expect(audit.stdout).toMatch(/herd\/finance\/egress\/FetchRates/)

    const revoked = await runi('herd', 'egress', 'revoke', 'finance', 'FetchRates')
    expect(revoked.stdout).toBe('herd finance: step FetchRates no longer reaches the network\n')
    const again = await runi('herd', 'egress', 'revoke', 'finance', 'FetchRates')
    expect(again.stdout).toMatch(/had no egress grant for step FetchRates: nothing changed/)
    expect((await runi('herd', 'egress', 'list', 'finance')).stdout).toBe(
      'herd finance grants network egress to no step\n',
    )
  })

  it('refuses a bad herd name with a clear error and exit 2', async () => {
    const bad = await runi('herd', 'egress', 'grant', 'Not A Herd', 'Fetch')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/not a herd name: Not A Herd/)
  })
})
