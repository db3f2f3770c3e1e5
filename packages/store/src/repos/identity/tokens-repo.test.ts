import { createHash } from 'node:crypto'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { sql } from 'kysely'
import { fixedClock, HerdRole } from '@runink/core'
import { barnFactories, type TestBarn } from '../../testing/barn-factories.js'
import { LAST_USED_EVERY_MS } from './tokens-repo.js'

const SECRET = /^rk_[A-Za-z0-9_-]{43}$/
const sha256hex = (text: string): string => createHash('sha256').update(text).digest('hex')

describe.each(barnFactories)('API tokens: $name', (factory) => {
  let t: TestBarn
  const clock = fixedClock(new Date('2026-04-01T09:00:00.000Z'))
  beforeAll(async () => {
    t = await factory.open({ clock })
    await t.barn.herds.ensure('finance')
    await t.barn.herds.ensure('ops')
  })
  afterAll(() => t.cleanup())

  it('makes a token whose secret is returned once and stored only as its hash', async () => {
    const { token, secret } = await t.barn.tokens.create(
      { name: 'ci deploys', herd: 'finance', role: HerdRole.editor },
      'alice',
    )
    expect(secret).toMatch(SECRET)
    expect(token).toEqual({
      id: expect.any(String),
      name: 'ci deploys',
      herd: 'finance',
      role: 'editor',
      createdAt: clock.now(),
      createdBy: 'alice',
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
    })
    const rows = await t.barn.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', token.id)
      .execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.secret_hash).toBe(sha256hex(secret))
    const body = secret.slice('rk_'.length)
    for (const value of Object.values(rows[0] ?? {}))
      expect(String(value instanceof Date ? value.toISOString() : value)).not.toContain(body)
    expect(await t.barn.tokens.get(token.id)).toEqual(token)
    // Two tokens never share a secret.
    const other = await t.barn.tokens.create({ name: 'ci deploys', role: HerdRole.viewer })
    expect(other.secret).not.toBe(secret)
    expect(other.token).toMatchObject({ herd: null, createdBy: 'system' })
  })

  it('authenticates a live secret, stamping lastUsedAt at most once a minute, and nothing else', async () => {
    const { token, secret } = await t.barn.tokens.create({
      name: 'dashboard',
      herd: 'ops',
      role: HerdRole.viewer,
    })
    clock.advance(5_000)
    const used = await t.barn.tokens.authenticate(secret)
    expect(used).toEqual({ ...token, lastUsedAt: clock.now() })
    expect((await t.barn.tokens.get(token.id))?.lastUsedAt).toEqual(clock.now())
    // Within the minute the recorded use stands (no write per request); after it, it moves.
    const first = clock.now()
    clock.advance(1_000)
    expect((await t.barn.tokens.authenticate(secret))?.lastUsedAt).toEqual(first)
    clock.advance(LAST_USED_EVERY_MS)
    expect((await t.barn.tokens.authenticate(secret))?.lastUsedAt).toEqual(clock.now())
    expect((await t.barn.tokens.get(token.id))?.lastUsedAt).toEqual(clock.now())

    const wrong = `rk_${'A'.repeat(43)}`
    expect(await t.barn.tokens.authenticate(wrong)).toBeUndefined()
    const malformed = [
      '',
      'rk_',
      secret.slice(0, -1),
      `${secret}A`,
      secret.slice('rk_'.length),
      `RK_${secret.slice(3)}`,
      `rk_${'A'.repeat(42)}=`,
      ` ${secret}`,
      `${secret}\n`,
      `Bearer ${secret}`,
      sha256hex(secret),
    ]
    for (const bad of malformed) expect(await t.barn.tokens.authenticate(bad)).toBeUndefined()
    expect(await t.barn.tokens.authenticate(undefined as unknown as string)).toBeUndefined()
    expect(await t.barn.tokens.authenticate(42 as unknown as string)).toBeUndefined()
  })

  it('refuses revoked and expired tokens', async () => {
    const revoked = await t.barn.tokens.create({ name: 'old laptop', role: HerdRole.admin })
    expect(await t.barn.tokens.authenticate(revoked.secret)).toBeDefined()
    const at = clock.now()
    const gone = await t.barn.tokens.revoke(revoked.token.id, 'bob')
    expect(gone.revokedAt).toEqual(at)
    expect(await t.barn.tokens.authenticate(revoked.secret)).toBeUndefined()
    // Revoking again keeps the first revocation.
    clock.advance(60_000)
    expect((await t.barn.tokens.revoke(revoked.token.id, 'carol')).revokedAt).toEqual(at)

    const expiresAt = new Date(clock.now().getTime() + 10_000)
    const expiring = await t.barn.tokens.create({
      name: 'short',
      herd: 'finance',
      role: HerdRole.viewer,
      expiresAt,
    })
    expect(expiring.token.expiresAt).toEqual(expiresAt)
    clock.advance(9_999)
    expect(await t.barn.tokens.authenticate(expiring.secret)).toBeDefined()
    clock.advance(1)
    expect(await t.barn.tokens.authenticate(expiring.secret)).toBeUndefined()
    expect((await t.barn.tokens.get(expiring.token.id))?.lastUsedAt).toEqual(
      new Date(expiresAt.getTime() - 1),
    )
  })

  it('refuses an unknown herd, a past expiry, bad names and roles, and writes nothing', async () => {
    const before = await t.barn.tokens.list()
    const auditBefore = (await t.barn.audit.query()).length
    const unknown = await t.barn.tokens
      .create({ name: 'x', herd: 'financ', role: HerdRole.viewer })
      .catch((e: unknown) => e)
    expect(unknown).toMatchObject({
      code: 'RUNINK_STORE_NOT_FOUND',
      details: { what: 'herd', id: 'financ' },
    })
    expect((unknown as Error).message).toMatch(/no herd "financ" .*did you mean "finance"/)
    for (const expiresAt of [clock.now(), new Date(clock.now().getTime() - 1), new Date('x')])
      await expect(
        t.barn.tokens.create({ name: 'x', role: HerdRole.viewer, expiresAt }),
      ).rejects.toMatchObject({ code: 'RUNINK_STORE_BAD_REF', details: expect.anything() })
    await expect(
      t.barn.tokens.create({ name: 'x'.repeat(101), role: HerdRole.viewer }),
    ).rejects.toMatchObject({ code: 'RUNINK_STORE_BAD_REF', details: { length: 101 } })
    for (const name of ['', 'a\nb', 'tab\there', 'del\u007f', 'c1\u0085'])
      await expect(t.barn.tokens.create({ name, role: HerdRole.viewer })).rejects.toMatchObject({
        code: 'RUNINK_STORE_BAD_REF',
        details: { name },
      })
    await expect(
      t.barn.tokens.create({ name: 'x', role: 'owner' as HerdRole }),
    ).rejects.toMatchObject({ code: 'RUNINK_STORE_BAD_REF', details: { role: 'owner' } })
    expect(await t.barn.tokens.list()).toEqual(before)
    expect(await t.barn.audit.query()).toHaveLength(auditBefore)
    // 100 characters (not UTF-16 units) is still a name.
    const long = '🐄'.repeat(100)
    const ok = await t.barn.tokens.create({ name: long, role: HerdRole.viewer })
    expect(ok.token.name).toBe(long)
  })

  it('lists newest first, by herd, and never the hash', async () => {
    clock.advance(1_000)
    const a = await t.barn.tokens.create({ name: 'a', herd: 'ops', role: HerdRole.admin })
    clock.advance(1_000)
    const b = await t.barn.tokens.create({ name: 'b', herd: 'ops', role: HerdRole.editor })
    const ops = await t.barn.tokens.list({ herd: 'ops' })
    expect(ops.map((o) => o.name)).toEqual(['b', 'a', 'dashboard'])
    expect(ops[0]).toEqual(b.token)
    expect(ops.every((o) => !('secretHash' in o) && !('secret_hash' in o))).toBe(true)
    expect((await t.barn.tokens.list({ herd: 'finance' })).every((o) => o.herd === 'finance')).toBe(
      true,
    )
    expect(await t.barn.tokens.list({ herd: 'nobody' })).toEqual([])
    const all = await t.barn.tokens.list()
    expect(all[0]?.id).toBe(b.token.id)
    expect(all.map((o) => o.createdAt.getTime())).toEqual(
      all.map((o) => o.createdAt.getTime()).sort((x, y) => y - x),
    )
    expect(all.some((o) => o.id === a.token.id)).toBe(true)
    expect(all.some((o) => o.herd === null)).toBe(true)
  })

  it('refuses to revoke an unknown id', async () => {
    await expect(
      t.barn.tokens.revoke('019a0000-0000-7000-8000-000000000000'),
    ).rejects.toMatchObject({ code: 'RUNINK_STORE_NOT_FOUND' })
    expect(await t.barn.tokens.get('nope')).toBeUndefined()
  })

  it('audits making and revoking, with the actor and never the secret', async () => {
    const { token, secret } = await t.barn.tokens.create(
      { name: 'audited', herd: 'finance', role: HerdRole.admin, expiresAt: new Date('2027-01-01') },
      'dora',
    )
    await t.barn.tokens.revoke(token.id, 'erin')
    await t.barn.tokens.revoke(token.id, 'frank')
    const entries = (await t.barn.audit.query()).filter((e) => e.resource === `token/${token.id}`)
    expect(entries.map((e) => [e.action, e.actor, e.herd, e.payload])).toEqual([
      [
        'token.create',
        'dora',
        'finance',
        { name: 'audited', herd: 'finance', role: 'admin', expiresAt: '2027-01-01T00:00:00.000Z' },
      ],
      ['token.revoke', 'erin', 'finance', { name: 'audited', herd: 'finance', role: 'admin' }],
    ])
    const log = (await t.barn.audit.query({ limit: 10_000 }))
      .filter((e) => e.action.startsWith('token.'))
      .map((e) => JSON.stringify(e))
      .join('\n')
    expect(log).not.toContain(secret.slice(3))
    expect(log).not.toContain(sha256hex(secret))
    const instanceWide = (await t.barn.audit.query({ action: 'token.create' })).filter(
      (e) => e.herd === null,
    )
    expect(instanceWide.length).toBeGreaterThan(0)
    expect((await t.barn.audit.verify()).ok).toBe(true)
  })

  it('freezes what a token is, never undoes a revocation and never deletes', async () => {
    const { token } = await t.barn.tokens.create({ name: 'frozen', role: HerdRole.viewer })
    for (const change of [
      sql`UPDATE api_tokens SET role = 'admin' WHERE id = ${token.id}`,
      sql`UPDATE api_tokens SET herd = 'ops' WHERE id = ${token.id}`,
      sql`UPDATE api_tokens SET secret_hash = ${'0'.repeat(64)} WHERE id = ${token.id}`,
      sql`UPDATE api_tokens SET expires_at = now() + interval '1 day' WHERE id = ${token.id}`,
      sql`DELETE FROM api_tokens WHERE id = ${token.id}`,
    ])
      await expect(change.execute(t.barn.db)).rejects.toThrow(/immutable/)
    await t.barn.tokens.revoke(token.id)
    await expect(
      sql`UPDATE api_tokens SET revoked_at = NULL, revoked_by = NULL WHERE id = ${token.id}`.execute(
        t.barn.db,
      ),
    ).rejects.toThrow(/api_tokens\.revoked_at is immutable/)
    await expect(
      sql`INSERT INTO api_tokens (id, name, secret_hash, role, created_at, created_by)
          VALUES ('t', 'x', ${'0'.repeat(64)}, 'owner', now(), 'me')`.execute(t.barn.db),
    ).rejects.toThrow(/check/i)
  })
})
