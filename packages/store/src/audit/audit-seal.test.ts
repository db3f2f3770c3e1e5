import { describe, it, expect, beforeEach, afterEach } from 'vitest'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sql } from 'kysely'
import { createTestDatabase, makeTempDir, type TempDir } from '@runink/testing'
import { openBarn, type Barn } from '../barn.js'
import { barnFactories, type TestBarn } from '../testing/barn-factories.js'
import { auditHash, GENESIS_HASH } from './audit-entry.js'

describe.each(barnFactories)('audit seal (key outside the Barn): $name', (factory) => {
  let keys: TempDir
  let t: TestBarn

  beforeEach(async () => {
    keys = await makeTempDir()
    t = await factory.open({ actor: 'alice', auditKeyDir: keys.path })
    for (let i = 0; i < 6; i++)
      await t.barn.audit.append({ action: 'test.act', resource: `r/${i}` })
  })
  afterEach(async () => {
    await t.cleanup()
    await keys.remove()
  })

  /** What someone who can write the database does: switch the guard off, edit, switch it on. */
  const tamper = async (statement: ReturnType<typeof sql>): Promise<void> => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_immutable`.execute(t.barn.db)
    await statement.execute(t.barn.db)
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_immutable`.execute(t.barn.db)
  }
  const count = async (): Promise<number> => (await t.barn.audit.query({ limit: 10_000 })).length

  it('an intact log verifies, every entry sealed, the key and checkpoint private', async () => {
    const n = await count()
    expect(await t.barn.audit.verify()).toMatchObject({
      ok: true,
      count: n,
      seal: { sealedFrom: 1, checkpoint: n },
    })
    const entries = await t.barn.audit.query({ limit: 10_000 })
    expect(entries.every((e) => /^[0-9a-f]{64}$/.test(e.seal ?? ''))).toBe(true)
    const id = (await t.barn.db.selectFrom('barn_identity').select('id').executeTakeFirstOrThrow())
      .id
    expect((await stat(join(keys.path, `${id}.key`))).mode & 0o777).toBe(0o600)
    expect((await stat(join(keys.path, `${id}.checkpoint`))).mode & 0o777).toBe(0o600)
    expect((await stat(keys.path)).mode & 0o777).toBe(0o700)
    const checkpoint = JSON.parse(await readFile(join(keys.path, `${id}.checkpoint`), 'utf8'))
    expect(checkpoint).toMatchObject({ seq: n, hash: entries.at(-1)?.hash })
    // The key is nowhere in the database.
    const key = JSON.parse(await readFile(join(keys.path, `${id}.key`), 'utf8')).key as string
    const dump = JSON.stringify(await t.barn.db.selectFrom('audit_log').selectAll().execute())
    expect(dump).not.toContain(key)
  })

  it('a dataset publish moves the checkpoint to its entry at once', async () => {
    await t.barn.datasets.write(Buffer.from('{"a":1}\n'), {
      name: 'x',
      format: 'jsonl',
      recordCount: 1,
    })
    const n = await count()
    expect(await t.barn.audit.verify()).toMatchObject({ ok: true, seal: { checkpoint: n } })
    await tamper(sql`DELETE FROM audit_log WHERE seq = ${n}`)
    expect(await t.barn.audit.verify()).toMatchObject({ ok: false, seq: n })
  })

  it('catches a truncated tail (the chain itself is still consistent)', async () => {
    const n = await count()
    await tamper(sql`DELETE FROM audit_log WHERE seq > ${n - 2}`)
    expect(await t.barn.audit.verify()).toMatchObject({
      ok: false,
      count: n - 2,
      seq: n - 1,
      reason: expect.stringMatching(
        new RegExp(
          `the log ends at entry ${n - 2}, but entries up to ${n} were sealed .*2 entries were removed from its end`,
        ),
      ),
    })
  })

  it('catches an emptied log', async () => {
    const n = await count()
    await tamper(sql`DELETE FROM audit_log`)
    expect(await t.barn.audit.verify()).toMatchObject({
      ok: false,
      count: 0,
      reason: expect.stringMatching(new RegExp(`^the log is empty, but ${n} entries were sealed`)),
    })
  })

  it('catches a full re-seal: an entry edited and every hash recomputed without the key', async () => {
    const rows = await t.barn.audit.query({ limit: 10_000 })
    let prev = GENESIS_HASH
    const rehashed = rows.map((r) => {
      const entry = r.seq === 3 ? { ...r, resource: 'r/forged' } : r
      const hash = auditHash(prev, entry)
      const out = { seq: r.seq, resource: entry.resource, prev_hash: prev, hash }
      prev = hash
      return out
    })
    for (const r of rehashed) {
      await tamper(
        sql`UPDATE audit_log SET resource = ${r.resource}, prev_hash = ${r.prev_hash}, hash = ${r.hash} WHERE seq = ${r.seq}`,
      )
    }
    // The chain alone is now consistent again: only the seal can tell.
    expect(await t.barn.audit.verify()).toMatchObject({
      ok: false,
      seq: 3,
      reason: 'the seal does not match: the entry was rewritten by someone without the key',
    })
    // Dropping the seals instead does not help.
    await tamper(sql`UPDATE audit_log SET seal = NULL`)
    expect(await t.barn.audit.verify()).toMatchObject({
      ok: false,
      seq: 1,
      reason: 'the entry is not sealed: it was written or rewritten without the key',
    })
  })

  it('without the key (another machine), says it cannot check the seal instead of passing', async () => {
    const elsewhere = await makeTempDir()
    try {
      const other = await t.reopen({ auditKeyDir: elsewhere.path })
      expect(await other.audit.verify()).toMatchObject({
        ok: false,
        seq: null,
        reason: expect.stringMatching(/cannot check the seal: key not found \(.*\.key\)$/),
      })
      // It makes no key of its own for a Barn that is already sealed.
      expect(await other.audit.append({ action: 'x', resource: 'y' })).toMatchObject({
        seal: null,
      })
    } finally {
      await elsewhere.remove()
    }
    // Back with the key: the entry appended without it is named.
    const back = await t.reopen({ auditKeyDir: keys.path })
    expect(await back.audit.verify()).toMatchObject({
      ok: false,
      reason: 'the entry is not sealed: it was written or rewritten without the key',
    })
  })
})

describe('audit seal with several writers on one PostgreSQL Barn', () => {
  it('concurrent appenders sharing the key keep a sealed chain and a checkpoint at the head', async () => {
    const keys = await makeTempDir()
    const home = await makeTempDir()
    const database = await createTestDatabase()
    const open = (): Promise<Barn> =>
      openBarn({ home: home.path, databaseUrl: database.url, auditKeyDir: keys.path })
    const barns = await Promise.all([open(), open(), open()])
    try {
      await Promise.all(
        barns.flatMap((barn, b) =>
          Array.from({ length: 10 }, (_, i) =>
            barn.audit.append({ action: 'load.test', resource: `w${b}/${i}` }),
          ),
        ),
      )
      const result = await barns[0]?.audit.verify()
      const head = (await barns[0]?.audit.query({ limit: 10_000 }))?.length
      expect(result).toMatchObject({ ok: true, count: head, seal: { checkpoint: head } })
    } finally {
      for (const barn of barns) await barn.close()
      await database.drop()
      await home.remove()
      await keys.remove()
    }
  })
})

describe('audit seal with a key folder that cannot be written', () => {
  it('opens the Barn unsealed, and verify says the key is not found', async () => {
    const blocker = await makeTempDir()
    try {
      // A file where the folder should be: mkdir fails with ENOTDIR, as with a read-only home.
      await writeFile(join(blocker.path, 'state'), 'not a folder')
      const t = await barnFactories[0]!.open({ auditKeyDir: join(blocker.path, 'state', 'audit') })
      try {
        expect(await t.barn.audit.append({ action: 'a', resource: 'b' })).toMatchObject({
          seal: null,
        })
        expect(await t.barn.audit.verify()).toMatchObject({
          ok: false,
          seq: null,
          reason: expect.stringContaining('cannot check the seal: key not found'),
        })
      } finally {
        await t.cleanup()
      }
    } finally {
      await blocker.remove()
    }
  })
})
