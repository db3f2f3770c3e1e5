import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiErrorSchema, apiMeSchema, apiRoleSchema } from '@runink/protocol'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import { createApp } from '../app/create-app.js'

describe.each(barnFactories)('custom roles over the API: $name', (factory) => {
  let t: TestBarn
  let app: ReturnType<typeof createApp>
  let admin: string
  let user: { id: string; session: string }
  const call = (path: string, auth: Record<string, string>, init: RequestInit = {}) =>
    Promise.resolve(
      app.request(path, {
        ...init,
        headers: { ...auth, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      }),
    )
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })
  const cookie = () => ({ cookie: `runink_session=${user.session}`, 'x-runink-csrf': '1' })

  beforeAll(async () => {
    t = await factory.open()
    await t.barn.herds.ensure('finance')
    admin = (await t.barn.tokens.create({ name: 'fa', herd: 'finance', role: 'admin' })).secret
    const u = await t.barn.users.signIn({ issuer: 'https://id.test', subject: 'auditor' })
    user = { id: u.id, session: (await t.barn.sessions.start(u.id, 3_600_000, 'x')).secret }
    app = createApp({ barn: t.barn })
  })
  afterAll(() => t.cleanup())

  it('lets a herd admin define a role and give it; its holder may do what it allows, deny winning', async () => {
    const defined = await call('/api/v1/herds/finance/roles/auditor', bearer(admin), {
      method: 'PUT',
      body: JSON.stringify({ allow: ['read:**'], deny: ['read:tokens**', 'read:members**'] }),
    })
    expect(defined.status).toBe(200)
    expect(apiRoleSchema.parse(await defined.json())).toMatchObject({
      name: 'auditor',
      allow: ['read:**'],
      createdBy: expect.stringMatching(/^token:fa@/),
    })
    const given = await call(`/api/v1/herds/finance/members/${user.id}`, bearer(admin), {
      method: 'PUT',
      body: JSON.stringify({ role: 'auditor' }),
    })
    expect(given.status).toBe(200)
    const me = apiMeSchema.parse(await (await call('/api/v1/me', cookie())).json())
    expect(me.herds).toEqual([{ herd: 'finance', role: 'auditor' }])
    for (const path of ['/api/v1/herds/finance/runs', '/api/v1/herds/finance/datasets'])
      expect((await call(path, cookie())).status, path).toBe(200)
    for (const path of ['/api/v1/herds/finance/tokens', '/api/v1/herds/finance/members'])
      expect((await call(path, cookie())).status, path).toBe(403)
    // Reading all is not writing anything.
    const write = await call('/api/v1/herds/finance/tokens', cookie(), {
      method: 'POST',
      body: JSON.stringify({ name: 'x', role: 'viewer' }),
    })
    expect(write.status).toBe(403)
    const list = (await (await call('/api/v1/herds/finance/roles', bearer(admin))).json()) as {
      items: unknown[]
    }
    expect(list.items.map((r) => apiRoleSchema.parse(r).name)).toEqual(['auditor'])
  })

  it('refuses a malformed permission, a built-in name, and a role the herd does not define', async () => {
    const bad = await call('/api/v1/herds/finance/roles/x', bearer(admin), {
      method: 'PUT',
      body: JSON.stringify({ allow: ['look:runs'] }),
    })
    expect(bad.status).toBe(400)
    const builtIn = await call('/api/v1/herds/finance/roles/admin', bearer(admin), {
      method: 'PUT',
      body: JSON.stringify({ allow: [] }),
    })
    expect(apiErrorSchema.parse(await builtIn.json()).error.code).toBe('RUNINK_STORE_BAD_REF')
    const unknown = await call(`/api/v1/herds/finance/members/${user.id}`, bearer(admin), {
      method: 'PUT',
      body: JSON.stringify({ role: 'nobody-defined-this' }),
    })
    expect(unknown.status).toBe(400)
  })
})
