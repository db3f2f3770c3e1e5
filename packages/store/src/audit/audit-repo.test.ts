import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { canonicalJson } from '@runink/core'
import { barnFactories, type TestBarn } from '../testing/barn-factories.js'
import { GENESIS_HASH } from './audit-entry.js'

const sha = (s: string): string => createHash('sha256').update(s).digest('hex')

describe.each(barnFactories)('audit log: $name', (factory) => {
  let t: TestBarn
  beforeAll(async () => {
    t = await factory.open({ actor: 'alice' })
  })
  afterAll(() => t.cleanup())

  const tamper = async (statement: ReturnType<typeof sql>): Promise<void> => {
    // What an attacker with database access does: switch the guard off, edit, switch it back on.
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_immutable`.execute(t.barn.db)
    await statement.execute(t.barn.db)
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_immutable`.execute(t.barn.db)
  }

  it('chains entries: hash = sha256(prev_hash ‖ JCS(entry without the hashes))', async () => {
    const a = await t.barn.audit.append({
      action: 'secret.read',
      resource: 'secret/db',
      herd: 'default',
      requestId: 'r-1',
      payload: { n: 1 },
    })
    const b = await t.barn.audit.append({
      action: 'policy.deny',
      resource: 'run/x',
      actor: 'bob',
      payload: { reason: 'quota' },
    })
    expect(b.seq).toBe(a.seq + 1)
    expect(b.prev_hash).toBe(a.hash)
    const { prev_hash, hash, seal, ...entry } = a
    expect(seal).toBeNull() // opened without a key folder: nothing is sealed
    expect(hash).toBe(sha(prev_hash + canonicalJson(entry)))
    expect(Object.keys(entry).sort()).toEqual([
      'action',
      'actor',
      'at',
      'herd',
      'payload',
      'request_id',
      'resource',
      'seq',
    ])
    expect(a.actor).toBe('alice')
    expect(b.actor).toBe('bob')
    const first = (await t.barn.audit.query({ limit: 1 }))[0]
    expect(first?.seq).toBe(1)
    expect(first?.prev_hash).toBe(GENESIS_HASH)
  })

  it('redacts secrets and caller-named PII before hashing and storing', async () => {
    const entry = await t.barn.audit.append({
      action: 'connection.create',
      resource: 'connection/pg',
      payload: {
        user: 'etl',
        password: 'hunter2',
        nested: { apiKey: 'AKIA-SECRET', ssn: '123-45-6789', token: 't0k' },
        customer: { email: 'a@b.c', id: 7 },
      },
      piiPaths: ['customer.email'],
    })
    expect(entry.payload).toEqual({
      user: 'etl',
      password: '[REDACTED]',
      nested: { apiKey: '[REDACTED]', ssn: '[REDACTED]', token: '[REDACTED]' },
      customer: { email: '[REDACTED]', id: 7 },
    })
    let exported = ''
    for await (const line of t.barn.audit.exportNdjson()) exported += line
    for (const secret of ['hunter2', 'AKIA-SECRET', '123-45-6789', 't0k', 'a@b.c'])
      expect(exported).not.toContain(secret)
  })

  it('never forks the chain under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        t.barn.audit.append({ action: 'load.test', resource: `r/${i}` }),
      ),
    )
    const all = await t.barn.audit.query({ limit: 10_000 })
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1))
    expect(await t.barn.audit.verify()).toMatchObject({
      ok: true,
      count: all.length,
      head: all.at(-1)?.hash,
    })
  })

  it('queries by actor, action and time, and exports NDJSON with the hashes', async () => {
    const byBob = await t.barn.audit.query({ actor: 'bob' })
    expect(byBob.map((e) => e.action)).toEqual(['policy.deny'])
    expect(await t.barn.audit.query({ action: 'load.test', limit: 3 })).toHaveLength(3)
    expect(await t.barn.audit.query({ since: new Date(Date.now() + 60_000) })).toEqual([])
    const lines: string[] = []
    for await (const line of t.barn.audit.exportNdjson()) lines.push(line)
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true)
    const parsed = lines.map((l) => JSON.parse(l) as { seq: number; hash: string })
    expect(parsed).toEqual(JSON.parse(JSON.stringify(await t.barn.audit.query({ limit: 10_000 }))))
  })

  it('catches a payload changed behind the trigger, a re-sealed row, and a deleted row', async () => {
    const victim = (await t.barn.audit.query({ actor: 'bob' }))[0]
    if (!victim) throw new Error('no entry to tamper with')
    await tamper(sql`UPDATE audit_log SET payload = '{"reason":"none"}' WHERE seq = ${victim.seq}`)
    expect(await t.barn.audit.verify()).toMatchObject({
      ok: false,
      seq: victim.seq,
      reason: 'hash does not match the entry',
    })

    // A smarter attacker recomputes the edited row's hash: the next row's link still breaks.
    const edited = { ...victim, payload: { reason: 'none' } }
    const { prev_hash, hash: _old, seal: _seal, ...entry } = edited
    await tamper(
      sql`UPDATE audit_log SET hash = ${sha(prev_hash + canonicalJson(entry))} WHERE seq = ${victim.seq}`,
    )
    expect(await t.barn.audit.verify()).toMatchObject({
      ok: false,
      seq: victim.seq + 1,
      reason: 'prev_hash does not match the previous entry',
    })

    // Deleting an earlier row is caught first: the first broken link is named.
    await tamper(sql`DELETE FROM audit_log WHERE seq = 2`)
    expect(await t.barn.audit.verify()).toMatchObject({
      ok: false,
      seq: 2,
      reason: expect.stringMatching(/entry 2 is missing/),
    })
  })
})
