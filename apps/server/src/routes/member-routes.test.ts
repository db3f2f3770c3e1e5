import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiErrorSchema, apiMeSchema, apiMemberSchema } from '@runink/protocol'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import { createApp } from '../app/create-app.js'

describe.each(barnFactories)('members and who-am-I: $name', (factory) => {
  let t: TestBarn
  let app: ReturnType<typeof createApp>
  let admin: string
  let opsAdmin: string
  let ada: { id: string; session: string }
  const call = (path: string, auth: Record<string, string>, init: RequestInit = {}) =>
    Promise.resolve(
      app.request(path, {
        ...init,
        headers: { ...auth, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      }),
    )
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })
  const cookie = (secret: string, csrf = true) => ({
    cookie: `runink_session=${secret}`,
    ...(csrf ? { 'x-runink-csrf': '1' } : {}),
  })

  beforeAll(async () => {
    t = await factory.open()
    for (const herd of ['finance', 'ops']) await t.barn.herds.ensure(herd)
    admin = (await t.barn.tokens.create({ name: 'boot', role: 'admin' })).secret
    opsAdmin = (await t.barn.tokens.create({ name: 'ops boss', herd: 'ops', role: 'admin' })).secret
    const user = await t.barn.users.signIn({
      issuer: 'https://id.test',
      subject: 'ada',
      email: 'ada@example.com',
    })
    ada = { id: user.id, session: (await t.barn.sessions.start(user.id, 3_600_000, 'x')).secret }
    app = createApp({ barn: t.barn })
  })
  afterAll(() => t.cleanup())

  it('gives a user a role in a herd, which it then holds there and nowhere else, until removed', async () => {
    const before = apiMeSchema.parse(await (await call('/api/v1/me', cookie(ada.session))).json())
    expect(before).toEqual({
      kind: 'user',
      id: ada.id,
      name: 'ada@example.com',
      actor: `user:ada@example.com@${ada.id}`,
      instanceRole: null,
      herds: [],
    })
    expect((await call('/api/v1/herds/finance/runs', cookie(ada.session))).status).toBe(403)

    const put = await call(`/api/v1/herds/finance/members/${ada.id}`, bearer(admin), {
      method: 'PUT',
      body: JSON.stringify({ role: 'editor' }),
    })
    expect(put.status).toBe(200)
    expect(apiMemberSchema.parse(await put.json())).toMatchObject({
      herd: 'finance',
      role: 'editor',
      user: { id: ada.id, email: 'ada@example.com' },
      addedBy: expect.stringMatching(/^token:boot@/),
      removedAt: null,
    })
    const me = apiMeSchema.parse(await (await call('/api/v1/me', cookie(ada.session))).json())
    expect(me.herds).toEqual([{ herd: 'finance', role: 'editor' }])
    const herds = (await (await call('/api/v1/herds', cookie(ada.session))).json()) as {
      items: Array<{ name: string }>
    }
    expect(herds.items.map((h) => h.name)).toEqual(['finance'])
    expect((await call('/api/v1/herds/finance/runs', cookie(ada.session))).status).toBe(200)
    expect((await call('/api/v1/herds/ops/runs', cookie(ada.session))).status).toBe(403)
    // An editor is not an admin: it cannot hand out roles.
    expect((await call('/api/v1/herds/finance/members', cookie(ada.session))).status).toBe(403)

    const list = (await (await call('/api/v1/herds/finance/members', bearer(admin))).json()) as {
      items: unknown[]
    }
    expect(list.items.map((m) => apiMemberSchema.parse(m).user.id)).toEqual([ada.id])
    const removed = await call(`/api/v1/herds/finance/members/${ada.id}`, bearer(admin), {
      method: 'DELETE',
    })
    expect(apiMemberSchema.parse(await removed.json()).removedAt).not.toBeNull()
    expect((await call('/api/v1/herds/finance/runs', cookie(ada.session))).status).toBe(403)
    const again = await call(`/api/v1/herds/finance/members/${ada.id}`, bearer(admin), {
      method: 'DELETE',
    })
    expect(again.status).toBe(404)
  })

  it('makes an instance admin of a user, whose own changes are audited under its actor', async () => {
    const made = await call(`/api/v1/members/${ada.id}`, bearer(admin), {
      method: 'PUT',
      body: JSON.stringify({ role: 'admin' }),
    })
    expect(made.status).toBe(200)
    const herd = await call('/api/v1/herds', cookie(ada.session), {
      method: 'POST',
      body: JSON.stringify({ name: 'research' }),
    })
    expect(herd.status).toBe(201)
    const token = await call('/api/v1/herds/research/tokens', cookie(ada.session), {
      method: 'POST',
      body: JSON.stringify({ name: 'ci', role: 'viewer' }),
    })
    expect(token.status).toBe(201)
    const actor = `user:ada@example.com@${ada.id}`
    const entries = await t.barn.audit.query({ actor })
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['herd.create', 'token.create']),
    )
    // The same query over the API, as runi audit log --actor asks it.
    const page = (await (
      await call(`/api/v1/audit/entries?actor=${encodeURIComponent(actor)}`, bearer(admin))
    ).json()) as { items: Array<{ actor: string }> }
    expect(page.items.length).toBe(entries.length)
    expect(page.items.every((e) => e.actor === actor)).toBe(true)
    const instance = (await (await call('/api/v1/members', cookie(ada.session))).json()) as {
      items: unknown[]
    }
    expect(instance.items.map((m) => apiMemberSchema.parse(m).role)).toEqual(['admin'])
    await call(`/api/v1/members/${ada.id}`, bearer(admin), { method: 'DELETE' })
    expect((await call('/api/v1/members', cookie(ada.session))).status).toBe(403)
  })

  it('keeps herds apart: another herd’s admin is refused, unknown users and herds are 404', async () => {
    const other = await call(`/api/v1/herds/finance/members/${ada.id}`, bearer(opsAdmin), {
      method: 'PUT',
      body: JSON.stringify({ role: 'viewer' }),
    })
    expect(other.status).toBe(403)
    const nobody = await call('/api/v1/herds/ops/members/nobody', bearer(opsAdmin), {
      method: 'PUT',
      body: JSON.stringify({ role: 'viewer' }),
    })
    expect(nobody.status).toBe(404)
    expect(apiErrorSchema.parse(await nobody.json()).error.code).toBe('RUNINK_STORE_NOT_FOUND')
    const herd = await call(`/api/v1/herds/nowhere/members/${ada.id}`, bearer(admin), {
      method: 'PUT',
      body: JSON.stringify({ role: 'viewer' }),
    })
    expect(herd.status).toBe(404)
    const role = await call(`/api/v1/herds/ops/members/${ada.id}`, bearer(opsAdmin), {
      method: 'PUT',
      body: JSON.stringify({ role: 'owner' }),
    })
    expect(role.status).toBe(400)
  })

  it('refuses a change through the session cookie without the CSRF header, and a dead session', async () => {
    await t.barn.members.set(null, ada.id, 'admin')
    const forged = await call('/api/v1/herds', cookie(ada.session, false), {
      method: 'POST',
      body: JSON.stringify({ name: 'forged' }),
    })
    expect(forged.status).toBe(403)
    expect(apiErrorSchema.parse(await forged.json()).error.code).toBe('RUNINK_AUTH_CSRF')
    expect((await t.barn.herds.list()).map((h) => h.name)).not.toContain('forged')
    // Reading needs no header.
    expect((await call('/api/v1/herds', cookie(ada.session, false))).status).toBe(200)
    const session = await t.barn.sessions.authenticate(ada.session)
    await t.barn.sessions.revoke(session?.id ?? '', 'test')
    const dead = await call('/api/v1/me', cookie(ada.session))
    expect(dead.status).toBe(401)
    expect(apiErrorSchema.parse(await dead.json()).error.code).toBe('RUNINK_AUTH_INVALID')
    expect((await call('/api/v1/me', cookie('rs_nope'))).status).toBe(401)
  })
})
