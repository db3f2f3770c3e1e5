import { createHash, randomBytes } from 'node:crypto'
import { didYouMeanHint, HerdRole, RuninkError } from '@runink/core'
import { appendAudit } from '../../audit/audit-repo.js'
import type { BarnContext } from '../../barn-context.js'
import { StoreErrors } from '../../errors.js'
import { notFound } from '../not-found.js'

/**
 * An API token: who may call the control plane, with which role, in one herd (or in every herd
 * when `herd` is null). Its secret is never part of it: only the secret's hash is stored.
 */
export interface ApiToken {
  readonly id: string
  /** A label for people (`ci deploys`), 1 to 100 characters, no control characters. */
  readonly name: string
  /** The herd the role holds in; null for an instance-wide token. */
  readonly herd: string | null
  readonly role: HerdRole
  readonly createdAt: Date
  readonly createdBy: string
  /** When it stops working; null for never. */
  readonly expiresAt: Date | null
  readonly revokedAt: Date | null
  /** When it last authenticated a request; null if never. */
  readonly lastUsedAt: Date | null
}

/** What {@link TokensRepo.create} takes. */
export interface CreateApiToken {
  readonly name: string
  /** The herd the role holds in (it must exist); null or absent for every herd. */
  readonly herd?: string | null
  readonly role: HerdRole
  /** When the token stops working (after now); null or absent for never. */
  readonly expiresAt?: Date | null
}

/** A new token and its secret: the one time the secret is ever seen. */
export interface CreatedApiToken {
  readonly token: ApiToken
  readonly secret: string
}

/** `rk_` and 32 random bytes, base64url without padding (43 characters). */
const SECRET = /^rk_[A-Za-z0-9_-]{43}$/

/** How stale a token's recorded last use may get before a request stamps it again. */
export const LAST_USED_EVERY_MS = 60_000
const SECRET_BYTES = 32
const ROLES: ReadonlySet<string> = new Set(Object.values(HerdRole))
const CONTROL = /\p{Cc}/u

/** The hex SHA-256 of a secret (the whole string, `rk_` included): all the Barn keeps of it. */
function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

type Row = {
  id: string
  name: string
  herd: string | null
  role: string
  created_at: Date
  created_by: string
  expires_at: Date | null
  revoked_at: Date | null
  last_used_at: Date | null
}

/** Every column but the secret's hash (and revoked_by, which the audit log also holds). */
const COLUMNS = [
  'id',
  'name',
  'herd',
  'role',
  'created_at',
  'created_by',
  'expires_at',
  'revoked_at',
  'last_used_at',
] as const

function tokenOf(row: Row): ApiToken {
  return {
    id: row.id,
    name: row.name,
    herd: row.herd,
    role: row.role as HerdRole,
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  }
}

function badInput(message: string, details: Record<string, unknown>): RuninkError {
  return new RuninkError(StoreErrors.RUNINK_STORE_BAD_REF, message, { details })
}

/** How many herds a not-found message names. */
const NAMED_HERDS = 10

/** The store's not-found error for a token's herd: the closest herd, and the herds (a few). */
function herdNotFound(herd: string, herds: readonly string[]): RuninkError {
  const some = herds.slice(0, NAMED_HERDS).join(', ')
  const more = herds.length > NAMED_HERDS ? `, … (${herds.length} in all)` : ''
  return new RuninkError(
    StoreErrors.RUNINK_STORE_NOT_FOUND,
    `no herd ${JSON.stringify(herd)} to give the token a role in${didYouMeanHint(herd, herds)}; the herds: ${some}${more}`,
    { details: { what: 'herd', id: herd } },
  )
}

function checkInput(input: CreateApiToken, now: Date): void {
  const { name, role, expiresAt } = input
  const length = typeof name === 'string' ? [...name].length : 0
  if (length > 100) throw badInput(`not a token name: ${length} characters (1 to 100)`, { length })
  if (typeof name !== 'string' || length < 1)
    throw badInput(`not a token name: ${JSON.stringify(name)} (1 to 100 characters)`, { name })
  if (CONTROL.test(name))
    throw badInput(`not a token name: ${JSON.stringify(name)} (no control characters)`, { name })
  if (!ROLES.has(role))
    throw badInput(`not a role: ${JSON.stringify(role)} (viewer, editor or admin)`, { role })
  if (expiresAt !== undefined && expiresAt !== null) {
    if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime()))
      throw badInput('the token expiry is not a date', { expiresAt: String(expiresAt) })
    if (expiresAt.getTime() <= now.getTime())
      throw badInput(
        `the token would expire at ${expiresAt.toISOString()}, not after now (${now.toISOString()})`,
        { expiresAt: expiresAt.toISOString(), now: now.toISOString() },
      )
  }
}

/**
 * API tokens: made (the secret shown once), looked up by secret, listed and revoked. Making and
 * revoking are audited (`token.create`, `token.revoke`); the audit log never holds the secret or
 * its hash. Authenticating is not audited (it would add an entry per request): it stamps
 * `last_used_at` instead.
 */
export class TokensRepo {
  constructor(private readonly ctx: BarnContext) {}

  /**
   * Makes a token with `role` in `herd` (which must exist; none for every herd). Returns it with
   * its secret, `rk_` and 256 random bits: keep it, it cannot be shown again. Audited as
   * `token.create`.
   */
  async create(input: CreateApiToken, actor?: string): Promise<CreatedApiToken> {
    const now = this.ctx.clock.now()
    checkInput(input, now)
    const herd = input.herd ?? null
    const expiresAt = input.expiresAt ?? null
    const secret = `rk_${randomBytes(SECRET_BYTES).toString('base64url')}`
    const token = await this.ctx.db.transaction().execute(async (trx) => {
      if (herd !== null) {
        const known = await trx
          .selectFrom('herds')
          .select('name')
          .where('name', '=', herd)
          .executeTakeFirst()
        if (!known) {
          const herds = await trx.selectFrom('herds').select('name').orderBy('name').execute()
          throw herdNotFound(
            herd,
            herds.map((h) => h.name),
          )
        }
      }
      const row = await trx
        .insertInto('api_tokens')
        .values({
          id: this.ctx.ids.next(),
          name: input.name,
          secret_hash: secretHash(secret),
          herd,
          role: input.role,
          created_at: now,
          created_by: actor ?? this.ctx.actor,
          expires_at: expiresAt,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow()
      await appendAudit(this.ctx, trx, {
        action: 'token.create',
        resource: `token/${row.id}`,
        herd,
        actor,
        payload: {
          name: row.name,
          herd,
          role: row.role,
          expiresAt: expiresAt?.toISOString() ?? null,
        },
      })
      return tokenOf(row)
    })
    return { token, secret }
  }

  /**
   * The live token whose secret this is; undefined for anything else: not a token secret at all
   * (refused before hashing), unknown, revoked or expired. Its `lastUsedAt` is stamped now when
   * it is older than {@link LAST_USED_EVERY_MS} (or unset): a busy token costs one write a
   * minute, not one per request. The secret is found by its hash: no comparison runs over secret
   * bytes, and the hash of 256 random bits cannot be guessed, so there is no timing to attack
   * and no constant-time compare.
   */
  async authenticate(secret: string): Promise<ApiToken | undefined> {
    if (typeof secret !== 'string' || !SECRET.test(secret)) return undefined
    const now = this.ctx.clock.now()
    const hash = secretHash(secret)
    const live = await this.ctx.db
      .selectFrom('api_tokens')
      .select(COLUMNS)
      .where('secret_hash', '=', hash)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirst()
    if (!live) return undefined
    const token = tokenOf(live)
    if (token.lastUsedAt && now.getTime() - token.lastUsedAt.getTime() < LAST_USED_EVERY_MS)
      return token
    const row = await this.ctx.db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', token.id)
      .where('revoked_at', 'is', null)
      .returning(COLUMNS)
      .executeTakeFirst()
    return row ? tokenOf(row) : undefined
  }

  /** Tokens, newest first (revoked and expired ones too); only one herd's with `herd`. */
  async list(options: { herd?: string } = {}): Promise<ApiToken[]> {
    let query = this.ctx.db
      .selectFrom('api_tokens')
      .select(COLUMNS)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
    if (options.herd !== undefined) query = query.where('herd', '=', options.herd)
    const rows = await query.execute()
    return rows.map(tokenOf)
  }

  /** The token with this id, if there is one. */
  async get(id: string): Promise<ApiToken | undefined> {
    const row = await this.ctx.db
      .selectFrom('api_tokens')
      .select(COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst()
    return row ? tokenOf(row) : undefined
  }

  /**
   * Revokes the token: it authenticates nothing from now on. Audited as `token.revoke`; revoking
   * a revoked token changes nothing (it keeps its first revocation) and is not audited again.
   * An unknown id is `RUNINK_STORE_NOT_FOUND`.
   */
  async revoke(id: string, actor?: string): Promise<ApiToken> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const revoked = await trx
        .updateTable('api_tokens')
        .set({ revoked_at: this.ctx.clock.now(), revoked_by: actor ?? this.ctx.actor })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returning(COLUMNS)
        .executeTakeFirst()
      if (revoked) {
        await appendAudit(this.ctx, trx, {
          action: 'token.revoke',
          resource: `token/${id}`,
          herd: revoked.herd,
          actor,
          payload: { name: revoked.name, herd: revoked.herd, role: revoked.role },
        })
        return tokenOf(revoked)
      }
      const row = await trx
        .selectFrom('api_tokens')
        .select(COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst()
      if (!row) throw notFound('API token', id)
      return tokenOf(row)
    })
  }
}
