import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiDatasetSampleSchema,
  apiDatasetVersionSchema,
  CONTENT_HASH_HEADER,
} from '@runink/protocol'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import { createApp } from '../app/create-app.js'

type App = ReturnType<typeof createApp>

describe.each(barnFactories)('dataset pull and push over the API: $name', (factory) => {
  let t: TestBarn
  let app: App
  const secrets: Record<string, string> = {}
  const call = (path: string, who: string, init: RequestInit = {}): Promise<Response> =>
    Promise.resolve(
      app.request(path, {
        ...init,
        headers: { authorization: `Bearer ${secrets[who]}`, ...init.headers },
      }),
    )
  const push = (path: string, who: string, bytes: string): Promise<Response> =>
    call(path, who, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    })

  beforeAll(async () => {
    t = await factory.open()
    for (const herd of ['finance', 'ops']) await t.barn.herds.ensure(herd)
    for (const [who, herd, role] of [
      ['editor', 'finance', 'editor'],
      ['viewer', 'finance', 'viewer'],
      ['admin', null, 'admin'],
    ] as const)
      secrets[who] = (await t.barn.tokens.create({ name: who, herd, role })).secret
    await t.barn.datasets.write(new TextEncoder().encode('secret\n'), {
      name: 'ops.only',
      format: 'csv',
      recordCount: 0,
      herd: 'ops',
    })
    app = createApp({ barn: t.barn })
  })
  afterAll(() => t.cleanup())

  it('stores pushed bytes as the next version, audited as the caller, and pulls them back with their hash', async () => {
    const bytes = 'id\n1\n2\n'
    const hash = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
    const res = await push(
      `/api/v1/herds/finance/datasets/raw.ids/versions?format=csv&records=2&contractHash=sha256:${'a'.repeat(64)}`,
      'editor',
      bytes,
    )
    expect(res.status).toBe(201)
    const version = apiDatasetVersionSchema.parse(await res.json())
    expect(version).toMatchObject({
      herd: 'finance',
      name: 'raw.ids',
      version: 1,
      contentHash: hash,
      contractHash: `sha256:${'a'.repeat(64)}`,
      recordCount: 2,
      format: 'csv',
      runId: null,
    })
    const [entry] = await t.barn.audit.query({ action: 'dataset.publish', herd: 'finance' })
    expect(entry?.actor).toMatch(/^token:editor@/)

    const pulled = await call('/api/v1/herds/finance/datasets/raw.ids/versions/1/content', 'viewer')
    expect(pulled.status).toBe(200)
    expect(pulled.headers.get(CONTENT_HASH_HEADER)).toBe(hash)
    expect(pulled.headers.get('content-length')).toBe(String(bytes.length))
    expect(await pulled.text()).toBe(bytes)
  })

  it("refuses what is not a version: bad query, another herd's dataset, a herd that is not there", async () => {
    const noRecords = await push(
      '/api/v1/herds/finance/datasets/raw.x/versions?format=csv',
      'editor',
      'a\n',
    )
    expect(noRecords.status).toBe(400)
    const badHash = await push(
      '/api/v1/herds/finance/datasets/raw.x/versions?format=csv&records=0&contractHash=md5:1',
      'editor',
      '',
    )
    expect(badHash.status).toBe(400)
    const theirs = await call('/api/v1/herds/finance/datasets/ops.only/versions/1/content', 'admin')
    expect(theirs.status).toBe(404)
    const missing = await call(
      '/api/v1/herds/finance/datasets/raw.ids/versions/9/content',
      'viewer',
    )
    expect(missing.status).toBe(404)
    const nowhere = await push(
      '/api/v1/herds/nowhere/datasets/raw.x/versions?format=csv&records=0',
      'admin',
      '',
    )
    expect(nowhere.status).toBe(404)
    expect((await t.barn.herds.list()).map((h) => h.name)).not.toContain('nowhere')
    expect(
      (
        await push(
          '/api/v1/herds/finance/datasets/raw.x/versions?format=csv&records=0',
          'viewer',
          '',
        )
      ).status,
    ).toBe(403)
  })

  it('samples the first records of a version as stored, and refuses a format it cannot read', async () => {
    const lines =
      '{"id":1,"email":"sha256:ab12"}\n{"id":2,"email":"sha256:cd34"}\n{"id":3,"email":null}\n'
    expect(
      (
        await push(
          '/api/v1/herds/finance/datasets/raw.people/versions?format=jsonl&records=3',
          'editor',
          lines,
        )
      ).status,
    ).toBe(201)
    const res = await call(
      '/api/v1/herds/finance/datasets/raw.people/versions/1/sample?limit=2',
      'viewer',
    )
    expect(res.status).toBe(200)
    expect(apiDatasetSampleSchema.parse(await res.json())).toEqual({
      ref: 'dataset://raw.people@1',
      format: 'jsonl',
      records: [
        { id: 1, email: 'sha256:ab12' },
        { id: 2, email: 'sha256:cd34' },
      ],
    })
    const csv = await call('/api/v1/herds/finance/datasets/raw.ids/versions/1/sample', 'viewer')
    expect(((await csv.json()) as { records: unknown[] }).records).toHaveLength(2)
    expect(
      (
        await push(
          '/api/v1/herds/finance/datasets/raw.bin/versions?format=bin&records=0',
          'editor',
          'x',
        )
      ).status,
    ).toBe(201)
    const bin = await call('/api/v1/herds/finance/datasets/raw.bin/versions/1/sample', 'viewer')
    expect(bin.status).toBe(400)
    expect(((await bin.json()) as { error: { message: string } }).error.message).toContain(
      'stored as bin',
    )
    const theirs = await call('/api/v1/herds/finance/datasets/ops.only/versions/1/sample', 'admin')
    expect(theirs.status).toBe(404)
  })

  it('refuses to sample a version over its size limit, before reading it', async () => {
    const small = createApp({ barn: t.barn, maxSampleBytes: 4 })
    const res = await small.request('/api/v1/herds/finance/datasets/raw.ids/versions/1/sample', {
      headers: { authorization: `Bearer ${secrets.viewer}` },
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /is 7 bytes, over the 4 bytes this server samples: pull it instead/,
    )
  })

  it('refuses a streamed push over the body limit with 413 and publishes nothing', async () => {
    const small = createApp({ barn: t.barn, maxBodyBytes: 10 })
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('x'.repeat(100)))
        controller.close()
      },
    })
    const res = await small.request(
      '/api/v1/herds/finance/datasets/raw.big/versions?format=csv&records=0',
      {
        method: 'POST',
        headers: { authorization: `Bearer ${secrets.editor}` },
        body,
        duplex: 'half',
      } as RequestInit,
    )
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'RUNINK_HTTP_TOO_LARGE',
    )
    expect(await t.barn.datasets.versions('raw.big', 'finance')).toEqual([])
  })
})
