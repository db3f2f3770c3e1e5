import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiErrorSchema, runStatusSchema, runTokenCreatedSchema } from '@runink/protocol'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import { createApp } from '../app/create-app.js'

describe.each(barnFactories)('run tokens: $name', (factory) => {
  let t: TestBarn
  let app: ReturnType<typeof createApp>
  let mine: string
  let sibling: string
  let secret: string
  const get = (path: string, token = secret) =>
    Promise.resolve(app.request(path, { headers: { authorization: `Bearer ${token}` } }))

  beforeAll(async () => {
    t = await factory.open()
    await t.barn.herds.ensure('finance')
    const plan = await t.barn.plans.put({ p: 1 }, { name: 'p' })
    mine = (await t.barn.runs.create({ planHash: plan.hash, herd: 'finance' })).run.id
    sibling = (await t.barn.runs.create({ planHash: plan.hash, herd: 'finance' })).run.id
    secret = (await t.barn.runTokens.mint(mine, 60_000)).secret
    app = createApp({ barn: t.barn })
  })
  afterAll(() => t.cleanup())

  it('reads its own run and nothing else: not its herd’s other runs, lists, or any instance route', async () => {
    const own = await get(`/api/v1/herds/finance/runs/${mine}`)
    expect(own.status).toBe(200)
    expect(runStatusSchema.parse(await own.json()).run.id).toBe(mine)
    for (const path of [
      `/api/v1/herds/finance/runs/${sibling}`,
      '/api/v1/herds/finance/runs',
      '/api/v1/herds/finance/datasets',
      '/api/v1/herds',
      '/api/v1/me',
      '/api/v1/audit/entries',
      '/metrics',
    ]) {
      const r = await get(path)
      expect(r.status, path).toBe(403)
      expect(apiErrorSchema.parse(await r.json()).error.code).toBe('RUNINK_AUTH_FORBIDDEN')
    }
    const cancel = await app.request(`/api/v1/herds/finance/runs/${mine}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}` },
    })
    expect(cancel.status).toBe(403)
    const denied = await t.barn.audit.query({ action: 'auth.deny' })
    expect(denied.every((d) => d.actor.startsWith(`run:${mine}@`))).toBe(true)
  })

  it('is minted by the herd’s editors for one of its runs, never another herd’s', async () => {
    await t.barn.herds.ensure('ops')
    const editor = (await t.barn.tokens.create({ name: 'e', herd: 'finance', role: 'editor' }))
      .secret
    const mint = (herd: string, runId: string) =>
      app.request(`/api/v1/herds/${herd}/runs/${runId}/token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${editor}`, 'content-type': 'application/json' },
        body: JSON.stringify({ expiresInMinutes: 5 }),
      })
    const made = await mint('finance', sibling)
    expect(made.status).toBe(201)
    const minted = runTokenCreatedSchema.parse(await made.json())
    expect(minted).toMatchObject({ runId: sibling, herd: 'finance' })
    expect((await get(`/api/v1/herds/finance/runs/${sibling}`, minted.secret)).status).toBe(200)
    expect((await get(`/api/v1/herds/finance/runs/${mine}`, minted.secret)).status).toBe(403)
    expect((await mint('finance', 'no-such-run')).status).toBe(404)
    const plan = await t.barn.plans.put({ p: 2 }, { name: 'p' })
    const theirs = (await t.barn.runs.create({ planHash: plan.hash, herd: 'ops' })).run.id
    expect((await mint('finance', theirs)).status).toBe(404)
    const audit = await t.barn.audit.query({ action: 'run_token.create' })
    expect(audit.at(-1)?.actor).toMatch(/^token:e@/)
  })

  it('stops working when the run’s tokens are revoked', async () => {
    await t.barn.runTokens.revokeRun(mine)
    const r = await get(`/api/v1/herds/finance/runs/${mine}`)
    expect(r.status).toBe(401)
    expect((await get(`/api/v1/herds/finance/runs/${mine}`, 'rr_forged')).status).toBe(401)
  })
})
