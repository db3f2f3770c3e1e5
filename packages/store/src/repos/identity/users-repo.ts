import { RuninkError } from '@runink/core'
import { appendAudit } from '../../audit/audit-repo.js'
import type { BarnContext, Db } from '../../barn-context.js'
import { StoreErrors } from '../../errors.js'
import { notFound } from '../not-found.js'

/** A person, as an OpenID Connect provider (issuer) knows them (subject). */
export interface User {
  readonly id: string
  readonly issuer: string
  readonly subject: string
  /** What the provider said last; null when it said nothing. */
  readonly email: string | null
  readonly displayName: string | null
  readonly createdAt: Date
  /** When they last signed in. */
  readonly lastSeenAt: Date
}

/** What a provider vouched for at a sign-in. */
export interface UserIdentity {
  readonly issuer: string
  readonly subject: string
  readonly email?: string | null
  readonly displayName?: string | null
}

type Row = {
  id: string
  issuer: string
  subject: string
  email: string | null
  display_name: string | null
  created_at: Date
  last_seen_at: Date
}

const COLUMNS = [
  'id',
  'issuer',
  'subject',
  'email',
  'display_name',
  'created_at',
  'last_seen_at',
] as const

function userOf(row: Row): User {
  return {
    id: row.id,
    issuer: row.issuer,
    subject: row.subject,
    email: row.email,
    displayName: row.display_name,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
  }
}

const LIMITS = { issuer: 2048, subject: 255, email: 320, displayName: 200 } as const

function checkIdentity(identity: UserIdentity): void {
  for (const [field, max] of Object.entries(LIMITS)) {
    const value = (identity as unknown as Record<string, unknown>)[field]
    const required = field === 'issuer' || field === 'subject'
    if (value === undefined || value === null) {
      if (!required) continue
    } else if (typeof value === 'string' && value.length >= 1 && value.length <= max) continue
    throw new RuninkError(
      StoreErrors.RUNINK_STORE_BAD_REF,
      `not a user's ${field}: ${JSON.stringify(value)?.slice(0, 80)} (1 to ${max} characters${required ? '' : ', or none'})`,
      { details: { field } },
    )
  }
}

/** Fails with RUNINK_STORE_NOT_FOUND unless a user has this id. */
export async function requireUser(db: Db, userId: string): Promise<void> {
  const user = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()
  if (!user) throw notFound('user', userId)
}

/** The actor audit entries name for a user: `user:<email, else subject>@<id>` (unique by id). */
export function userActor(user: User): string {
  return `user:${user.email ?? user.subject}@${user.id}`
}

/**
 * Users: made at their first sign-in (audited `user.create`), refreshed at each later one (what
 * the provider says of them, and when they were seen). Never deleted.
 */
export class UsersRepo {
  constructor(private readonly ctx: BarnContext) {}

  /** The user this identity is, made if new; its email, name and last sign-in brought up to date. */
  async signIn(identity: UserIdentity): Promise<User> {
    checkIdentity(identity)
    const now = this.ctx.clock.now()
    const said = { email: identity.email ?? null, display_name: identity.displayName ?? null }
    return this.ctx.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('users')
        .set({ ...said, last_seen_at: now })
        .where('issuer', '=', identity.issuer)
        .where('subject', '=', identity.subject)
        .returning(COLUMNS)
        .executeTakeFirst()
      if (updated) return userOf(updated)
      const row = await trx
        .insertInto('users')
        .values({
          id: this.ctx.ids.next(),
          issuer: identity.issuer,
          subject: identity.subject,
          ...said,
          created_at: now,
          last_seen_at: now,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow()
      const user = userOf(row)
      await appendAudit(this.ctx, trx, {
        action: 'user.create',
        resource: `user/${user.id}`,
        actor: userActor(user),
        payload: { issuer: user.issuer, subject: user.subject },
      })
      return user
    })
  }

  /** The user with this id, if there is one. */
  async get(id: string): Promise<User | undefined> {
    const row = await this.ctx.db
      .selectFrom('users')
      .select(COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst()
    return row ? userOf(row) : undefined
  }

  /** Users, oldest first; only those with these ids when given. */
  async list(ids?: readonly string[]): Promise<User[]> {
    if (ids?.length === 0) return []
    let query = this.ctx.db.selectFrom('users').select(COLUMNS).orderBy('created_at').orderBy('id')
    if (ids) query = query.where('id', 'in', [...ids])
    return (await query.execute()).map(userOf)
  }
}
