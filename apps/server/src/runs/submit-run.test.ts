import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiErrorSchema,
  apiPipelineSchema,
  apiRunSchema,
  pageOf,
  pipelineUploadedSchema,
  runSubmittedSchema,
  type ApiPipeline,
} from '@runink/protocol'
import type { TestBarn } from '@runink/store/testing'
import {
  openExecutorFixture,
  tinyBundle as bundle,
  type ExecutorFixture,
} from './testing/executor-fixture.js'

const b64 = (text: string): string => Buffer.from(text).toString('base64')

describe('runs submitted to the server', () => {
  let f: ExecutorFixture
  let t: TestBarn
  let app: ExecutorFixture['app']
  let editor: string
  let viewer: string
  const post = (path: string, secret: string, body?: unknown) => f.post(path, secret, body)
  const finished = (runId: string) => f.finished(runId)

  beforeAll(async () => {
    f = await openExecutorFixture()
    ;({ t, app, editor, viewer } = f)
  })
  afterAll(() => f.close())

  it('runs a bundle on the server’s host, recorded as the token’s, with its outputs published', async () => {
    const r = await post('/api/v1/herds/finance/runs', editor, bundle('finance'))
    expect(r.status).toBe(202)
    const { runId, pipeline } = runSubmittedSchema.parse(await r.json())
    // A bundle submitted to run is uploaded as a version of its pipeline first.
    expect(pipeline).toEqual({ name: 'tiny', version: 1 })
    expect((await finished(runId)).run.status).toBe('succeeded')
    const versions = await t.barn.datasets.versions('tiny.ids', 'finance')
    expect(versions.map((v) => v.recordCount)).toEqual([2])
    const started = await t.barn.audit.query({ action: 'run.create', herd: 'finance' })
    expect(started.at(-1)?.actor).toMatch(/^token:ci@/)
  })

  it('versions uploaded pipelines, runs a version by name, and records it with the run', async () => {
    const get = async (path: string): Promise<unknown> => {
      const r = await app.request(path, { headers: { authorization: `Bearer ${viewer}` } })
      expect(r.status, path).toBe(200)
      return r.json()
    }
    const v1 = bundle('finance', 'id\n7\n')
    const first = await post('/api/v1/herds/finance/pipelines', editor, v1)
    expect(first.status).toBe(200)
    const uploaded = pipelineUploadedSchema.parse(await first.json())
    expect(uploaded).toMatchObject({ name: 'tiny', planHash: expect.stringMatching(/^sha256:/) })
    // The same bundle again is the same version; changed data is the next one.
    const again = pipelineUploadedSchema.parse(
      await (await post('/api/v1/herds/finance/pipelines', editor, v1)).json(),
    )
    expect(again).toEqual({ ...uploaded, created: false })
    const next = pipelineUploadedSchema.parse(
      await (
        await post('/api/v1/herds/finance/pipelines', editor, bundle('finance', 'id\n7\n8\n'))
      ).json(),
    )
    expect(next).toMatchObject({ name: 'tiny', version: uploaded.version + 1, created: true })
    const versions = (await get('/api/v1/herds/finance/pipelines/tiny/versions')) as {
      items: ApiPipeline[]
    }
    expect(versions.items.map((v) => v.version)).toEqual([next.version, uploaded.version, 1])
    expect(versions.items[0]?.createdBy).toMatch(/^token:ci@/)
    const list = pageOf(apiPipelineSchema).parse(await get('/api/v1/herds/finance/pipelines'))
    expect(list.items.map((p) => [p.name, p.version])).toEqual([['tiny', next.version]])

    // A run of the first version by name: its data, recorded with the version.
    const r = await post('/api/v1/herds/finance/runs', editor, {
      pipeline: 'tiny',
      version: uploaded.version,
    })
    expect(r.status).toBe(202)
    const submitted = runSubmittedSchema.parse(await r.json())
    expect(submitted.pipeline).toEqual({ name: 'tiny', version: uploaded.version })
    expect(submitted.planHash).toBe(uploaded.planHash)
    const status = await finished(submitted.runId)
    expect(status).toMatchObject({ run: { status: 'succeeded' } })
    expect(status.pipeline).toEqual({
      name: 'tiny',
      version: uploaded.version,
    })
    const runs = pageOf(apiRunSchema).parse(await get('/api/v1/herds/finance/runs'))
    expect(runs.items.find((x) => x.id === submitted.runId)?.pipeline).toEqual({
      name: 'tiny',
      version: uploaded.version,
    })
    // Without a version: the latest.
    const latest = runSubmittedSchema.parse(
      await (await post('/api/v1/herds/finance/runs', editor, { pipeline: 'tiny' })).json(),
    )
    expect(latest.pipeline).toEqual({ name: 'tiny', version: next.version })
    await finished(latest.runId)
    const ids = await t.barn.datasets.versions('tiny.ids', 'finance')
    expect(ids.slice(-2).map((v) => v.recordCount)).toEqual([1, 2])

    // Unknown pipelines and versions are 404; other herds cannot see or run this one.
    for (const body of [{ pipeline: 'nope' }, { pipeline: 'tiny', version: 99 }]) {
      const missing = await post('/api/v1/herds/finance/runs', editor, body)
      expect(missing.status).toBe(404)
    }
    await t.barn.herds.ensure('ops')
    const opsEditor = (await t.barn.tokens.create({ name: 'o', herd: 'ops', role: 'editor' }))
      .secret
    expect((await post('/api/v1/herds/ops/runs', opsEditor, { pipeline: 'tiny' })).status).toBe(404)
    expect(
      (
        await app.request('/api/v1/herds/finance/pipelines/tiny/versions', {
          headers: { authorization: `Bearer ${opsEditor}` },
        })
      ).status,
    ).toBe(403)
    expect((await post('/api/v1/herds/finance/pipelines', viewer, bundle('finance'))).status).toBe(
      403,
    )
    const mismatch = await post('/api/v1/herds/finance/pipelines', editor, bundle('ops'))
    expect(mismatch.status).toBe(403)
    expect(apiErrorSchema.parse(await mismatch.json()).error.code).toBe(
      'RUNINK_PIPELINE_HERD_MISMATCH',
    )
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
    // Run or only uploaded: the same 400 with the diagnostics, paths as in the bundle.
    for (const route of ['runs', 'pipelines']) {
      const bad = await post(`/api/v1/herds/finance/${route}`, editor, broken)
      expect(bad.status, route).toBe(400)
      const body = apiErrorSchema.parse(await bad.json())
      expect(body.error.code).toBe('RUNINK_PIPELINE_INVALID')
      expect(body.error.details?.diagnostics).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: 'p.dsl', line: expect.any(Number) }),
        ]),
      )
    }
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
