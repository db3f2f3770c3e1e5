import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashOf } from '@runink/core'
import { testContract } from '@runink/engine/testing'
import {
  apiContractDocumentSchema,
  apiContractNameSchema,
  apiContractSchema,
  apiErrorSchema,
  pageOf,
  runSubmittedSchema,
} from '@runink/protocol'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import { z } from 'zod'
import { createApp } from '../app/create-app.js'
import {
  openExecutorFixture,
  tinyBundle,
  type ExecutorFixture,
} from '../runs/testing/executor-fixture.js'

const contract = (name: string, version: string) =>
  testContract(
    `contract: ${name}\nversion: ${version}\nfields:\n  id: { type: string, required: true }\n`,
  )
const page = pageOf(apiContractNameSchema)
const versions = z.object({ items: z.array(apiContractSchema) })

describe.each(barnFactories)('the contracts registry over the API: $name', (factory) => {
  let t: TestBarn
  let app: ReturnType<typeof createApp>
  let viewer: string
  const get = async (path: string, secret = viewer): Promise<Response> =>
    app.request(path, { headers: { authorization: `Bearer ${secret}` } })
  const ok = async (path: string): Promise<unknown> => {
    const r = await get(path)
    expect(r.status, path).toBe(200)
    return r.json()
  }
  const code = async (path: string): Promise<[number, string]> => {
    const r = await get(path)
    return [r.status, apiErrorSchema.parse(await r.json()).error.code]
  }

  beforeAll(async () => {
    t = await factory.open()
    for (const herd of ['finance', 'ops']) await t.barn.herds.ensure(herd)
    viewer = (await t.barn.tokens.create({ name: 'look', herd: 'finance', role: 'viewer' })).secret
    for (const c of [
      contract('trade', '1.0.0'),
      contract('trade', '1.10.0'),
      contract('trade', '1.2.0'),
      contract('account', '0.1.0'),
      contract('ledger', '3.0.0'),
    ])
      await t.barn.contracts.register('finance', c.model, 'alice')
    await t.barn.contracts.register('ops', contract('secret', '1.0.0').model)
    app = createApp({ barn: t.barn })
  })
  afterAll(() => t.cleanup())

  it('lists the herd’s contract names with their highest version, a page at a time', async () => {
    const first = page.parse(await ok('/api/v1/herds/finance/contracts?limit=2'))
    expect(first.items.map((n) => [n.name, n.latest.version, n.versions])).toEqual([
      ['account', '0.1.0', 1],
      ['ledger', '3.0.0', 1],
    ])
    expect(first.items[0]?.latest).toEqual({
      name: 'account',
      version: '0.1.0',
      hash: contract('account', '0.1.0').hash,
      createdAt: expect.any(String),
      createdBy: 'alice',
    })
    const rest = page.parse(
      await ok(`/api/v1/herds/finance/contracts?limit=2&cursor=${first.next_cursor}`),
    )
    expect(rest.items.map((n) => [n.name, n.latest.version, n.versions])).toEqual([
      ['trade', '1.10.0', 3],
    ])
    expect(rest.next_cursor).toBeNull()
    expect(await code('/api/v1/herds/finance/contracts?cursor=nonsense')).toEqual([
      400,
      'RUNINK_HTTP_BAD_REQUEST',
    ])
  })

  it('gives a name’s versions and a document by its hash: the hash runi contract hash prints', async () => {
    const listed = versions.parse(await ok('/api/v1/herds/finance/contracts/trade/versions'))
    expect(listed.items.map((v) => v.version)).toEqual(['1.10.0', '1.2.0', '1.0.0'])
    const trade = contract('trade', '1.2.0')
    const got = apiContractDocumentSchema.parse(
      await ok(`/api/v1/herds/finance/contracts/by-hash/${trade.hash}`),
    )
    expect(got).toMatchObject({ name: 'trade', version: '1.2.0', hash: trade.hash })
    expect(got.document).toEqual(trade.model)
    // The document is the contract itself: its identity is the hash it was served under.
    expect(hashOf(got.document)).toBe(trade.hash)
    // By name and version: the same document.
    const byVersion = apiContractDocumentSchema.parse(
      await ok('/api/v1/herds/finance/contracts/trade/versions/1.2.0'),
    )
    expect(byVersion).toEqual(got)
    expect(await code('/api/v1/herds/finance/contracts/trade/versions/9.9.9')).toEqual([
      404,
      'RUNINK_STORE_NOT_FOUND',
    ])
    expect(await code('/api/v1/herds/finance/contracts/nope/versions')).toEqual([
      404,
      'RUNINK_STORE_NOT_FOUND',
    ])
    expect(await code('/api/v1/herds/finance/contracts/by-hash/sha256:nothex')).toEqual([
      400,
      'RUNINK_HTTP_BAD_REQUEST',
    ])
  })

  it('is 404 for a contract only another herd registered, the same as for none', async () => {
    const secret = contract('secret', '1.0.0')
    const other = await get(`/api/v1/herds/finance/contracts/by-hash/${secret.hash}`)
    const none = await get(`/api/v1/herds/finance/contracts/by-hash/sha256:${'0'.repeat(64)}`)
    expect([other.status, none.status]).toEqual([404, 404])
    const bodies = [await other.json(), await none.json()].map((b) => {
      const { error } = apiErrorSchema.parse(b)
      return { code: error.code, message: error.message.replace(/sha256:[0-9a-f]+/, 'HASH') }
    })
    expect(bodies[0]).toEqual(bodies[1])
    for (const path of ['secret/versions', 'secret/versions/1.0.0'])
      expect(await code(`/api/v1/herds/finance/contracts/${path}`)).toEqual([
        404,
        'RUNINK_STORE_NOT_FOUND',
      ])
  })

  it('serves a dataset version’s schema, and says so when the Barn has no document for it', async () => {
    const ledger = contract('ledger', '3.0.0')
    const write = (name: string, contractHash?: string) =>
      t.barn.datasets.write(new TextEncoder().encode('id\n1\n'), {
        name,
        format: 'csv',
        recordCount: 1,
        herd: 'finance',
        ...(contractHash ? { contractHash } : {}),
      })
    await write('ledger.rows', ledger.hash)
    const schema = apiContractDocumentSchema.parse(
      await ok('/api/v1/herds/finance/datasets/ledger.rows/versions/1/schema'),
    )
    expect(schema).toMatchObject({ name: 'ledger', version: '3.0.0', hash: ledger.hash })
    expect(schema.document).toEqual(ledger.model)
    // Written under a contract whose document was never registered (as before migration 12).
    await write('old.rows', contract('old', '1.0.0').hash)
    const old = await get('/api/v1/herds/finance/datasets/old.rows/versions/1/schema')
    expect(old.status).toBe(404)
    const { error } = apiErrorSchema.parse(await old.json())
    expect(error.code).toBe('RUNINK_CONTRACT_NOT_RECORDED')
    expect(error.message).toMatch(/whose document this Barn does not have/)
    await write('bare.rows')
    expect(await code('/api/v1/herds/finance/datasets/bare.rows/versions/1/schema')).toEqual([
      404,
      'RUNINK_CONTRACT_NOT_RECORDED',
    ])
    expect(await code('/api/v1/herds/finance/datasets/ledger.rows/versions/9/schema')).toEqual([
      404,
      'RUNINK_STORE_NOT_FOUND',
    ])
    // Another herd's document for the same hash is not this herd's.
    await t.barn.datasets.write(new TextEncoder().encode('id\n1\n'), {
      name: 'leak.rows',
      format: 'csv',
      recordCount: 1,
      herd: 'finance',
      contractHash: contract('secret', '1.0.0').hash,
    })
    expect(await code('/api/v1/herds/finance/datasets/leak.rows/versions/1/schema')).toEqual([
      404,
      'RUNINK_CONTRACT_NOT_RECORDED',
    ])
  })
})

describe('contracts the server records', () => {
  let f: ExecutorFixture
  beforeAll(async () => {
    f = await openExecutorFixture()
  })
  afterAll(() => f.close())

  it('registers an uploaded pipeline’s contracts, and serves the schema of what its run wrote', async () => {
    const uploaded = await f.post(
      '/api/v1/herds/finance/pipelines',
      f.editor,
      tinyBundle('finance'),
    )
    expect(uploaded.status).toBe(200)
    const listed = page.parse(await (await f.get('/api/v1/herds/finance/contracts')).json())
    expect(listed.items.map((n) => [n.name, n.latest.version])).toEqual([['c', '1.0.0']])
    expect(listed.items[0]?.latest.createdBy).toMatch(/^token:ci@/)
    const r = await f.post('/api/v1/herds/finance/runs', f.editor, { pipeline: 'tiny' })
    expect(r.status).toBe(202)
    const { runId } = runSubmittedSchema.parse(await r.json())
    expect((await f.finished(runId)).run.status).toBe('succeeded')
    const [version] = await f.t.barn.datasets.versions('tiny.ids', 'finance')
    const schema = apiContractDocumentSchema.parse(
      await (await f.get('/api/v1/herds/finance/datasets/tiny.ids/versions/1/schema')).json(),
    )
    expect(schema).toMatchObject({ name: 'c', version: '1.0.0', hash: version?.contractHash })
    expect(Object.keys(schema.document.fields as object)).toEqual(['id'])
    // Registered once: the run found the upload's row.
    const audited = await f.t.barn.audit.query({ action: 'contract.register', herd: 'finance' })
    expect(audited).toHaveLength(1)
  })
})
