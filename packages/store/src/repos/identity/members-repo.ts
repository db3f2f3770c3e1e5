import { HerdRole, RuninkError } from '@runink/core'
import { appendAudit } from '../../audit/audit-repo.js'
import type { BarnContext, Db } from '../../barn-context.js'
import { StoreErrors } from '../../errors.js'
import { notFound } from '../not-found.js'
import { requireHerdRow } from './require-herd-row.js'
import { requireUser } from './users-repo.js'

/**
 * A user's role in a herd, or in every herd (`herd` null: an instance member; with the admin
 * role, an instance admin). Closed rows (`removedAt`) are history.
 */
export interface Member {
  readonly id: string
  readonly herd: string | null
  readonly userId: string
  /** A built-in role, or the name of one of the herd's custom roles. */
  readonly role: string
  readonly addedAt: Date
  readonly addedBy: string
  readonly removedAt: Date | null
  readonly removedBy: string | null
}

/** A user's roles: in every herd (null when none), built-in ones in herds, custom ones in herds. */
export interface UserRoles {
  readonly instance: HerdRole | null
  readonly herds: Readonly<Record<string, HerdRole>>
  /** The name of the custom role it holds, by herd. */
  readonly custom: Readonly<Record<string, string>>
}

type Row = {
  id: string
  herd: string | null
  user_id: string
  role: string
  added_at: Date
  added_by: string
  removed_at: Date | null
  removed_by: string | null
}

const COLUMNS = [
  'id',
  'herd',
  'user_id',
  'role',
  'added_at',
  'added_by',
  'removed_at',
  'removed_by',
] as const
const ROLES: ReadonlySet<string> = new Set(Object.values(HerdRole))

function memberOf(row: Row): Member {
  return {
    id: row.id,
    herd: row.herd,
    userId: row.user_id,
    role: row.role,
    addedAt: row.added_at,
    addedBy: row.added_by,
    removedAt: row.removed_at,
    removedBy: row.removed_by,
  }
}

const where = (herd: string | null) => (herd === null ? 'every herd' : `herd ${herd}`)

/** The open membership of a user in a herd (every herd for null), if any. */
async function openRow(db: Db, herd: string | null, userId: string): Promise<Row | undefined> {
  let query = db
    .selectFrom('herd_members')
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .where('removed_at', 'is', null)
  query = herd === null ? query.where('herd', 'is', null) : query.where('herd', '=', herd)
  return query.executeTakeFirst()
}

/**
 * Herd members: who holds which role where. Adding, changing and removing are audited
 * (`member.add`, `member.change`, `member.remove`, with the user and role) and keep history: a
 * change closes the old row and opens a new one.
 */
export class MembersRepo {
  constructor(private readonly ctx: BarnContext) {}

  /**
   * Gives the user `role` in the herd (every herd for null); both must exist, and a role that is
   * not built in must be one of the herd's custom roles. The same role again changes nothing
   * (`changed` false, not audited).
   */
  async set(
    herd: string | null,
    userId: string,
    role: string,
    actor?: string,
  ): Promise<{ member: Member; changed: boolean }> {
    if (
      !ROLES.has(role) &&
      (herd === null ||
        !(await this.ctx.db
          .selectFrom('herd_roles')
          .select('name')
          .where('herd', '=', herd)
          .where('name', '=', role)
          .executeTakeFirst()))
    )
      throw new RuninkError(
        StoreErrors.RUNINK_STORE_BAD_REF,
        `not a role${herd === null ? ' in every herd' : ` of herd ${herd}`}: ${JSON.stringify(role)} (viewer, editor, admin${herd === null ? '' : ' or one of its custom roles'})`,
        { details: { role } },
      )
    const now = this.ctx.clock.now()
    const by = actor ?? this.ctx.actor
    return this.ctx.db.transaction().execute(async (trx) => {
      await requireUser(trx, userId)
      if (herd !== null) await requireHerdRow(trx, herd)
      const open = await openRow(trx, herd, userId)
      if (open?.role === role) return { member: memberOf(open), changed: false }
      if (open)
        await trx
          .updateTable('herd_members')
          .set({ removed_at: now, removed_by: by })
          .where('id', '=', open.id)
          .execute()
      const row = await trx
        .insertInto('herd_members')
        .values({
          id: this.ctx.ids.next(),
          herd,
          user_id: userId,
          role,
          added_at: now,
          added_by: by,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow()
      await appendAudit(this.ctx, trx, {
        action: open ? 'member.change' : 'member.add',
        resource: `user/${userId}`,
        herd,
        actor,
        payload: { user: userId, herd, role, ...(open ? { was: open.role } : {}) },
      })
      return { member: memberOf(row), changed: true }
    })
  }

  /** Ends the user's membership of the herd (every herd for null); none is RUNINK_STORE_NOT_FOUND. */
  async remove(herd: string | null, userId: string, actor?: string): Promise<Member> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const open = await openRow(trx, herd, userId)
      if (!open) throw notFound('member', `${userId} of ${where(herd)}`)
      const row = await trx
        .updateTable('herd_members')
        .set({ removed_at: this.ctx.clock.now(), removed_by: actor ?? this.ctx.actor })
        .where('id', '=', open.id)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow()
      await appendAudit(this.ctx, trx, {
        action: 'member.remove',
        resource: `user/${userId}`,
        herd,
        actor,
        payload: { user: userId, herd, role: open.role },
      })
      return memberOf(row)
    })
  }

  /** The herd's members now (every herd's instance members for null), oldest first. */
  async list(herd: string | null): Promise<Member[]> {
    let query = this.ctx.db
      .selectFrom('herd_members')
      .select(COLUMNS)
      .where('removed_at', 'is', null)
      .orderBy('added_at')
      .orderBy('id')
    query = herd === null ? query.where('herd', 'is', null) : query.where('herd', '=', herd)
    return (await query.execute()).map(memberOf)
  }

  /** Every membership the herd has had (every herd's for null), closed ones too, oldest first. */
  async history(herd: string | null): Promise<Member[]> {
    let query = this.ctx.db.selectFrom('herd_members').select(COLUMNS).orderBy('added_at')
    query = herd === null ? query.where('herd', 'is', null) : query.where('herd', '=', herd)
    return (await query.orderBy('id').execute()).map(memberOf)
  }

  /** The user's roles now: in every herd, and in each herd it is a member of. */
  async rolesOf(userId: string): Promise<UserRoles> {
    const rows = await this.ctx.db
      .selectFrom('herd_members')
      .select(['herd', 'role'])
      .where('user_id', '=', userId)
      .where('removed_at', 'is', null)
      .execute()
    const herds: Record<string, HerdRole> = {}
    const custom: Record<string, string> = {}
    let instance: HerdRole | null = null
    for (const row of rows)
      if (row.herd === null) instance = row.role as HerdRole
      else if (ROLES.has(row.role)) herds[row.herd] = row.role as HerdRole
      else custom[row.herd] = row.role
    return { instance, herds, custom }
  }
}
