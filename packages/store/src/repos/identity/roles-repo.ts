import { HerdRole, RuninkError } from '@runink/core'
import { appendAudit } from '../../audit/audit-repo.js'
import type { BarnContext } from '../../barn-context.js'
import { StoreErrors } from '../../errors.js'
import { requireHerdRow } from './require-herd-row.js'

/**
 * A herd's custom role: the `verb:resource-glob` permissions it allows and denies. A verb is
 * `read`, `write`, `delete` or `*`; the glob names routes under the herd (see docs/server.md).
 */
export interface CustomRole {
  readonly herd: string
  readonly name: string
  readonly allow: readonly string[]
  readonly deny: readonly string[]
  readonly createdAt: Date
  readonly createdBy: string
  readonly updatedAt: Date
  readonly updatedBy: string
}

/** One permission: a verb (or `*`), a colon, a glob of resource path segments. */
export const PERMISSION = /^(read|write|delete|\*):[a-z0-9{}*/_.-]{1,200}$/
const NAME = /^[a-z][a-z0-9-]{0,62}$/
const MAX_RULES = 100
const BUILT_IN: ReadonlySet<string> = new Set(Object.values(HerdRole))

type Row = {
  herd: string
  name: string
  allow: unknown
  deny: unknown
  created_at: Date
  created_by: string
  updated_at: Date
  updated_by: string
}

const roleOf = (row: Row): CustomRole => ({
  herd: row.herd,
  name: row.name,
  allow: row.allow as string[],
  deny: row.deny as string[],
  createdAt: row.created_at,
  createdBy: row.created_by,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
})

function bad(message: string, details: Record<string, unknown>): RuninkError {
  return new RuninkError(StoreErrors.RUNINK_STORE_BAD_REF, message, { details })
}

function check(name: string, lists: { allow: readonly string[]; deny: readonly string[] }): void {
  if (!NAME.test(name) || BUILT_IN.has(name))
    throw bad(
      `not a custom role name: ${JSON.stringify(name)} (a-z first, then a-z, 0-9 or -; not viewer, editor or admin)`,
      { name },
    )
  for (const [list, rules] of Object.entries(lists)) {
    if (!Array.isArray(rules) || rules.length > MAX_RULES)
      throw bad(`${list} must be a list of at most ${MAX_RULES} permissions`, { list })
    for (const rule of rules)
      if (typeof rule !== 'string' || !PERMISSION.test(rule))
        throw bad(
          `not a permission: ${JSON.stringify(rule)} (verb:resource-glob, the verb read, write, delete or *)`,
          { list, rule },
        )
  }
}

/** Custom roles of herds: defined (audited `role.define`), read, listed. Never deleted. */
export class RolesRepo {
  constructor(private readonly ctx: BarnContext) {}

  /** Defines the herd's role name with these lists, or replaces the lists of the one there. */
  async define(
    herd: string,
    name: string,
    lists: { allow: readonly string[]; deny: readonly string[] },
    actor?: string,
  ): Promise<CustomRole> {
    check(name, lists)
    const now = this.ctx.clock.now()
    const by = actor ?? this.ctx.actor
    return this.ctx.db.transaction().execute(async (trx) => {
      await requireHerdRow(trx, herd)
      const allow = JSON.stringify(lists.allow)
      const deny = JSON.stringify(lists.deny)
      const row = await trx
        .insertInto('herd_roles')
        .values({
          herd,
          name,
          allow,
          deny,
          created_at: now,
          created_by: by,
          updated_at: now,
          updated_by: by,
        })
        .onConflict((oc) =>
          oc
            .columns(['herd', 'name'])
            .doUpdateSet({ allow, deny, updated_at: now, updated_by: by }),
        )
        .returningAll()
        .executeTakeFirstOrThrow()
      await appendAudit(this.ctx, trx, {
        action: 'role.define',
        resource: `role/${name}`,
        herd,
        actor,
        payload: { name, allow: lists.allow, deny: lists.deny },
      })
      return roleOf(row)
    })
  }

  /** The herd's custom role of that name, if there is one. */
  async get(herd: string, name: string): Promise<CustomRole | undefined> {
    const row = await this.ctx.db
      .selectFrom('herd_roles')
      .selectAll()
      .where('herd', '=', herd)
      .where('name', '=', name)
      .executeTakeFirst()
    return row ? roleOf(row) : undefined
  }

  /** The herd's custom roles, by name. */
  async list(herd: string): Promise<CustomRole[]> {
    const rows = await this.ctx.db
      .selectFrom('herd_roles')
      .selectAll()
      .where('herd', '=', herd)
      .orderBy('name')
      .execute()
    return rows.map(roleOf)
  }
}
