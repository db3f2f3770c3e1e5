import { RuninkError } from '@runink/core'
import { appendAudit } from '../audit/audit-repo.js'
import type { BarnContext, Db } from '../barn-context.js'
import { StoreErrors } from '../errors.js'

/** The herd every local project uses. */
export const DEFAULT_HERD = 'default'

/** A herd (tenant). */
export interface Herd {
  readonly name: string
  readonly createdAt: Date
}

const NAME = /^[a-z][a-z0-9-]{0,62}$/

/** Herds: namespaces for plans, runs and datasets. */
export class HerdsRepo {
  constructor(private readonly ctx: BarnContext) {}

  /** Creates the herd if it does not exist (audited when created); returns it. */
  async ensure(name: string, actor?: string): Promise<Herd> {
    if (!NAME.test(name)) {
      throw new RuninkError(
        StoreErrors.RUNINK_STORE_BAD_REF,
        `not a herd name: ${name} (lowercase letters, digits, -)`,
        {
          details: { name },
        },
      )
    }
    return this.ctx.db.transaction().execute(async (trx) => {
      await ensureHerd(this.ctx, trx, name, actor)
      const row = await trx
        .selectFrom('herds')
        .selectAll()
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
      return { name: row.name, createdAt: row.created_at }
    })
  }

  /** Every herd, by name. */
  async list(): Promise<Herd[]> {
    const rows = await this.ctx.db.selectFrom('herds').selectAll().orderBy('name').execute()
    return rows.map((r) => ({ name: r.name, createdAt: r.created_at }))
  }
}

/** Inserts a herd row inside a transaction when missing, auditing the creation. */
export async function ensureHerd(
  ctx: BarnContext,
  trx: Db,
  name: string,
  actor?: string,
): Promise<void> {
  const inserted = await trx
    .insertInto('herds')
    .values({ name, created_at: ctx.clock.now() })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('name')
    .executeTakeFirst()
  if (inserted)
    await appendAudit(ctx, trx, {
      action: 'herd.create',
      resource: `herd/${name}`,
      herd: name,
      actor,
    })
}
