import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '@runink/core'
import { barnFactories, type TestBarn } from '../../testing/barn-factories.js'

describe.each(barnFactories)('user sessions: $name', (factory) => {
  let t: TestBarn
  const clock = fixedClock(new Date('2026-05-01T08:00:00.000Z'))
  let user: string
  beforeAll(async () => {
    t = await factory.open({ clock })
    user = (await t.barn.users.signIn({ issuer: 'i', subject: 'ada' })).id
  })
  afterAll(() => t.cleanup())

  it('starts a session whose secret is stored only as its hash, and which lasts until it expires', async () => {
    const { session, secret } = await t.barn.sessions.start(user, 3_600_000, 'user:ada@x')
    expect(secret).toMatch(/^rs_[\w-]{43}$/)
    const rows = await t.barn.db.selectFrom('user_sessions').selectAll().execute()
    expect(rows.map((r) => r.secret_hash)).toEqual([
      createHash('sha256').update(secret).digest('hex'),
    ])
    expect(await t.barn.sessions.authenticate(secret)).toEqual(session)
    for (const wrong of ['', secret.slice(0, -1), `rs_${'A'.repeat(43)}`, `rk_${secret.slice(3)}`])
      expect(await t.barn.sessions.authenticate(wrong)).toBeUndefined()
    clock.advance(3_600_000)
    expect(await t.barn.sessions.authenticate(secret)).toBeUndefined()
    expect((await t.barn.audit.query({ action: 'session.start' }))[0]?.actor).toBe('user:ada@x')
  })

  it('ends a session at once and for good, audited once', async () => {
    const { session, secret } = await t.barn.sessions.start(user, 60_000, 'user:ada@x')
    await t.barn.sessions.revoke(session.id, 'user:ada@x')
    await t.barn.sessions.revoke(session.id, 'user:ada@x')
    expect(await t.barn.sessions.authenticate(secret)).toBeUndefined()
    expect(await t.barn.audit.query({ action: 'session.end' })).toHaveLength(1)
    await expect(
      t.barn.db
        .updateTable('user_sessions')
        .set({ revoked_at: null })
        .where('id', '=', session.id)
        .execute(),
    ).rejects.toThrow(/immutable/)
  })

  it('refuses a session for nobody or without a lifetime', async () => {
    await expect(t.barn.sessions.start('nobody', 1000, 'x')).rejects.toMatchObject({
      code: 'RUNINK_STORE_NOT_FOUND',
    })
    await expect(t.barn.sessions.start(user, 0, 'x')).rejects.toMatchObject({
      code: 'RUNINK_STORE_BAD_REF',
    })
  })
})
