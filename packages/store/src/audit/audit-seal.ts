import { randomBytes, timingSafeEqual } from 'node:crypto'
import { link, mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { RuninkError } from '@runink/core'
import { nodeHmacSha256Hex } from '@runink/node'
import { StoreErrors } from '../errors.js'
import type { Kysely } from 'kysely'
import { toNumber, type BarnSchema } from '../db/schema.js'
import { advanceCheckpoint, type AuditCheckpoint } from './audit-checkpoint.js'
import { readJsonFile } from './read-json-file.js'

/** What a Barn id must look like before it names a file (the database is not trusted). */
const BARN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Errors that mean the key folder cannot be read or written here. */
const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR'])

/** The key file: the HMAC key and the first entry it sealed. */
interface KeyFile {
  readonly barn: string
  readonly key: string
  readonly sealedFrom: number
}

const hmacHex = nodeHmacSha256Hex()

const sameHex = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/**
 * The audit seal: a key the database does not hold, kept in a folder outside the Barn (the
 * user's state folder, 0700; files 0600) as `<barn-id>.key`, with `<barn-id>.checkpoint`
 * beside it naming the last entry known sealed. Each entry appended by a process holding the
 * key carries HMAC(key, 'entry:' ‖ hash); the checkpoint moves forward after commits. Someone
 * who can write the database but not this folder can neither re-seal rewritten entries nor
 * shrink the log below the checkpoint unnoticed. See docs/barn.md, "The audit seal".
 */
export class AuditSeal {
  private constructor(
    /** The Barn's id from `barn_identity`, or undefined when that row is gone or malformed. */
    readonly barnId: string | undefined,
    readonly keyPath: string,
    readonly checkpointPath: string,
    private readonly key: Buffer | undefined,
    /** The first seq sealed with the key: earlier entries predate the seal. */
    readonly sealedFrom: number,
  ) {}

  /**
   * Loads the key for this Barn from keyDir, or makes one when the Barn has never been sealed
   * (no entry carries a seal). A Barn with sealed entries and no key here (another machine, a
   * lost key, a changed Barn id) gets no key: appends go unsealed and verify says so.
   */
  static async open(db: Kysely<BarnSchema>, keyDir: string): Promise<AuditSeal> {
    const row = await db.selectFrom('barn_identity').select('id').executeTakeFirst()
    const barnId = row && BARN_ID.test(row.id) ? row.id : undefined
    const name = barnId ?? 'unknown-barn'
    const keyPath = join(keyDir, `${name}.key`)
    const checkpointPath = join(keyDir, `${name}.checkpoint`)
    const missing = new AuditSeal(barnId, keyPath, checkpointPath, undefined, 1)
    if (!barnId) return missing
    let existing: KeyFile | undefined
    try {
      existing = await readKey(keyPath)
    } catch (error) {
      // No folder there, or a key this user may not read (another user's): no key here.
      if (UNWRITABLE.has((error as NodeJS.ErrnoException).code ?? '')) return missing
      throw error
    }
    if (existing) return loaded(existing)
    const sealed = await db
      .selectFrom('audit_log')
      .select('seq')
      .where('seal', 'is not', null)
      .limit(1)
      .executeTakeFirst()
    if (sealed) return missing
    try {
      await mkdir(keyDir, { recursive: true, mode: 0o700 })
    } catch (error) {
      // A state folder this process cannot write (read-only home, another owner): the Barn
      // still opens, unsealed, and verify says the key is not found rather than failing here.
      if (UNWRITABLE.has((error as NodeJS.ErrnoException).code ?? '')) return missing
      throw error
    }
    const last = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst()
    const made: KeyFile = {
      barn: barnId,
      key: randomBytes(32).toString('base64'),
      sealedFrom: toNumber(last?.seq) + 1,
    }
    // Written whole beside it, then linked into place: the key appears complete or not at all
    // (a plain exclusive create shows an empty file to a process reading it in between), and
    // link, like an exclusive create, fails when another process's key is there first.
    const temp = `${keyPath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    try {
      await writeFile(temp, `${JSON.stringify(made)}\n`, { mode: 0o600, flag: 'wx' })
      await link(temp, keyPath)
      return loaded(made)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? ''
      if (UNWRITABLE.has(code)) return missing
      // Another process opening the same Barn made it first: use theirs.
      if (code !== 'EEXIST') throw error
      const theirs = await readKey(keyPath)
      if (!theirs) throw error
      return loaded(theirs)
    } finally {
      await rm(temp, { force: true })
    }

    function loaded(file: KeyFile): AuditSeal {
      return new AuditSeal(
        barnId,
        keyPath,
        checkpointPath,
        Buffer.from(file.key, 'base64'),
        file.sealedFrom,
      )
    }
  }

  /** True when this process holds the key. */
  get hasKey(): boolean {
    return this.key !== undefined
  }

  /** The seal of an entry with this hash, or null without the key. */
  sealOf(hash: string): string | null {
    return this.key ? hmacHex(this.key, `entry:${hash}`) : null
  }

  /** True when seal is the one the key gives this hash. */
  checkSeal(hash: string, seal: string | null): boolean {
    const want = this.sealOf(hash)
    return want !== null && seal !== null && sameHex(want, seal)
  }

  /** The mac of a checkpoint; null without the key. */
  macOf(seq: number, hash: string): string | null {
    return this.key ? hmacHex(this.key, `checkpoint:${this.barnId}:${seq}:${hash}`) : null
  }

  /** True when a checkpoint carries the mac the key gives it. */
  checkCheckpoint(cp: AuditCheckpoint): boolean {
    const want = this.macOf(cp.seq, cp.hash)
    return want !== null && sameHex(want, cp.mac)
  }

  /**
   * Moves the checkpoint to the committed head of the log, when the head is sealed with the key
   * and the log still holds the entry of the current checkpoint unchanged. A log that no longer
   * does is left for verify to report: the checkpoint never follows a rewrite or a truncation.
   */
  async advance(db: Kysely<BarnSchema>): Promise<void> {
    if (!this.key) return
    await advanceCheckpoint(this.checkpointPath, async (current) => {
      const head = await db
        .selectFrom('audit_log')
        .select(['seq', 'hash', 'seal'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst()
      if (!head || !this.checkSeal(head.hash, head.seal)) return undefined
      if (current) {
        if (!this.checkCheckpoint(current)) return undefined
        const at = await db
          .selectFrom('audit_log')
          .select('hash')
          .where('seq', '=', current.seq)
          .executeTakeFirst()
        if (at?.hash !== current.hash) return undefined
      }
      const seq = toNumber(head.seq)
      return { seq, hash: head.hash, mac: this.macOf(seq, head.hash) as string }
    })
  }
}

async function readKey(path: string): Promise<KeyFile | undefined> {
  const parsed = await readJsonFile<KeyFile>(path)
  if (parsed === undefined) return undefined
  if (typeof parsed.key !== 'string' || typeof parsed.sealedFrom !== 'number') {
    throw new RuninkError(StoreErrors.RUNINK_STORE_AUDIT_SEAL, `${path} is not an audit key file`, {
      details: { path },
    })
  }
  return { barn: String(parsed.barn), key: parsed.key, sealedFrom: parsed.sealedFrom }
}
