import { appendAudit } from '../../audit/audit-repo.js'
import type { BarnContext } from '../../barn-context.js'
import { requireUser } from './users-repo.js'
import { checkLifetime, isSecret, newSecret, secretHash } from './secret.js'

/** A signed-in user's server-side session; its secret is never part of it. */
export interface UserSession {
  readonly id: string
  readonly userId: string
  readonly createdAt: Date
  readonly expiresAt: Date
  readonly revokedAt: Date | null
}

/** Session secrets: `rs_` and 256 random bits. */
export const SESSION_PREFIX = 'rs_'
const COLUMNS = ['id', 'user_id', 'created_at', 'expires_at', 'revoked_at'] as const

type Row = {
  id: string
  user_id: string
  created_at: Date
  expires_at: Date
  revoked_at: Date | null
}

const sessionOf = (row: Row): UserSession => ({
  id: row.id,
  userId: row.user_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
})

/**
 * Server-side sessions: started at sign-in (audited `session.start` with the user as actor),
 * looked up by secret, revoked at sign-out (audited `session.end`). Only the secret's SHA-256
 * is stored.
 */
export class SessionsRepo {
  constructor(private readonly ctx: BarnContext) {}

  /** Starts a session for the user lasting ttlMs; returns it with its secret (shown once). */
  async start(
    userId: string,
    ttlMs: number,
    actor: string,
  ): Promise<{ session: UserSession; secret: string }> {
    checkLifetime(ttlMs, 'session')
    const now = this.ctx.clock.now()
    const secret = newSecret(SESSION_PREFIX)
    const session = await this.ctx.db.transaction().execute(async (trx) => {
      await requireUser(trx, userId)
      const row = await trx
        .insertInto('user_sessions')
        .values({
          id: this.ctx.ids.next(),
          secret_hash: secretHash(secret),
          user_id: userId,
          created_at: now,
          expires_at: new Date(now.getTime() + ttlMs),
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow()
      await appendAudit(this.ctx, trx, {
        action: 'session.start',
        resource: `session/${row.id}`,
        actor,
        payload: { user: userId, expiresAt: row.expires_at.toISOString() },
      })
      return sessionOf(row)
    })
    return { session, secret }
  }

  /** The live session whose secret this is; undefined when malformed, unknown, revoked or expired. */
  async authenticate(secret: string): Promise<UserSession | undefined> {
    if (!isSecret(secret, SESSION_PREFIX)) return undefined
    const row = await this.ctx.db
      .selectFrom('user_sessions')
      .select(COLUMNS)
      .where('secret_hash', '=', secretHash(secret))
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', this.ctx.clock.now())
      .executeTakeFirst()
    return row ? sessionOf(row) : undefined
  }

  /** Ends the session (audited `session.end`); ending an ended one changes nothing. */
  async revoke(id: string, actor: string): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('user_sessions')
        .set({ revoked_at: this.ctx.clock.now() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returning(COLUMNS)
        .executeTakeFirst()
      if (row)
        await appendAudit(this.ctx, trx, {
          action: 'session.end',
          resource: `session/${id}`,
          actor,
          payload: { user: row.user_id },
        })
    })
  }
}
