import { chmod } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiErrorSchema, runStatusSchema } from '@runink/protocol'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import { createApp } from '../app/create-app.js'
import { RunExecutor } from './run-executor.js'

const b64 = (text: string): string => Buffer.from(text).toString('base64')

/** A one-stage pipeline in herd `herd`: CSV in, validated, out as a dataset. */
const bundle = (herd: string, rows = 'id\n1\n2\nx\n') => ({
  feature: 'p.dsl',
  files: {
    'p.dsl': b64(`@feature(name="tiny", herd="${herd}")
@contract(path="c.yaml")
Feature: tiny

Scenario: Ingest
  @source("csv://data/in.csv")
  @sink("dataset://tiny.ids")
  @sink("dataset://tiny.bad" when "!record.valid")
  Given the contract: c
`),
    'c.yaml': b64('contract: c\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n'),
    'data/in.csv': b64(rows),
  },
})

describe('runs submitted to the server', () => {
  let t: TestBarn
  let app: ReturnType<typeof createApp>
  let executor: RunExecutor
  let editor: string
  let viewer: string
  const post = (path: string, secret: string, body?: unknown) =>
    Promise.resolve(
      app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    )

  beforeAll(async () => {
    t = await (barnFactories[0] as (typeof barnFactories)[number]).open()
    // Slices run as another account when the tests run as root: the home must be reachable.
    await chmod(t.home, 0o755)
    await t.barn.herds.ensure('finance')
    editor = (await t.barn.tokens.create({ name: 'ci', herd: 'finance', role: 'editor' })).secret
    viewer = (await t.barn.tokens.create({ name: 'look', herd: 'finance', role: 'viewer' })).secret
    executor = new RunExecutor({ barn: t.barn, home: t.home, isolation: 'process' })
    app = createApp({ barn: t.barn, executor })
  })
  afterAll(async () => {
    await executor.close()
    await t.cleanup()
  })

  it('runs a bundle on the server’s host, recorded as the token’s, with its outputs published', async () => {
    const r = await post('/api/v1/herds/finance/runs', editor, bundle('finance'))
    expect(r.status).toBe(202)
    const { runId } = (await r.json()) as { runId: string }
    let status = 'running'
    for (let i = 0; i < 600 && (status === 'running' || status === 'queued'); i++) {
      await new Promise((res) => setTimeout(res, 100))
      const got = await app.request(`/api/v1/herds/finance/runs/${runId}`, {
        headers: { authorization: `Bearer ${viewer}` },
      })
      status = runStatusSchema.parse(await got.json()).run.status
    }
    expect(status).toBe('succeeded')
    const versions = await t.barn.datasets.versions('tiny.ids', 'finance')
    expect(versions.map((v) => v.recordCount)).toEqual([2])
    const started = await t.barn.audit.query({ action: 'run.create', herd: 'finance' })
    expect(started.at(-1)?.actor).toMatch(/^token:ci@/)
  })

  it('refuses a viewer, a bundle for another herd, a bundle that does not compile and paths outside it', async () => {
    expect((await post('/api/v1/herds/finance/runs', viewer, bundle('finance'))).status).toBe(403)
    const other = await post('/api/v1/herds/finance/runs', editor, bundle('ops'))
    expect(other.status).toBe(403)
    expect(apiErrorSchema.parse(await other.json()).error.code).toBe(
      'RUNINK_PIPELINE_HERD_MISMATCH',
    )
    const broken = bundle('finance')
    broken.files['p.dsl'] = b64(
      '@feature(name="x", herd="finance")\nFeature: x\nScenario: S\n  @nope()\n',
    )
    const bad = await post('/api/v1/herds/finance/runs', editor, broken)
    expect(bad.status).toBe(400)
    const body = apiErrorSchema.parse(await bad.json())
    expect(body.error.code).toBe('RUNINK_PIPELINE_INVALID')
    expect(body.error.details?.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'p.dsl', line: expect.any(Number) }),
      ]),
    )
    // A feature file that reads or writes outside its bundle does not compile.
    for (const uri of ['csv:///etc/passwd', 'csv://../../../../etc/passwd']) {
      const escaping = bundle('finance')
      escaping.files['p.dsl'] = b64(
        Buffer.from(escaping.files['p.dsl'] as string, 'base64')
          .toString()
          .replace('csv://data/in.csv', uri),
      )
      const r = await post('/api/v1/herds/finance/runs', editor, escaping)
      expect(r.status, uri).toBe(400)
      expect(apiErrorSchema.parse(await r.json()).error.code).toBe('RUNINK_PIPELINE_INVALID')
    }
    for (const path of ['../escape.csv', '/etc/passwd', 'a/../../b', 'a\\b']) {
      const r = await post('/api/v1/herds/finance/runs', editor, {
        feature: 'p.dsl',
        files: { ...bundle('finance').files, [path]: b64('x') },
      })
      expect(r.status, path).toBe(400)
    }
  })

  it('cancels a run it is running, and says so for one it is not', async () => {
    const missing = await post(
      '/api/v1/herds/finance/runs/01a00000-0000-7000-8000-000000000000/cancel',
      editor,
    )
    expect(missing.status).toBe(409)
    expect(apiErrorSchema.parse(await missing.json()).error.code).toBe('RUNINK_RUN_NOT_RUNNING')
  })
})
