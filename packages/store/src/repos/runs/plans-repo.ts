import { hashOf, type Sha256Ref } from '@runink/core'
import { parseMessage, planSchema, type PlanMessage } from '@runink/protocol'
import { appendAudit } from '../../audit/audit-repo.js'
import type { BarnContext } from '../../barn-context.js'
import { ensureHerd, DEFAULT_HERD } from '../governance/herds-repo.js'
import { notFound } from '../not-found.js'

/** A stored plan: canonical JSON keyed by its hash. */
export interface StoredPlan {
  readonly hash: Sha256Ref
  readonly herd: string
  readonly name: string
  /** The plan IR (`format: 1`), checked against protocol's planSchema when read back. */
  readonly plan: PlanMessage
  readonly createdAt: Date
}

/** Plans by hash. Immutable: storing the same plan again is a no-op. */
export class PlansRepo {
  constructor(private readonly ctx: BarnContext) {}

  /** Stores a plan (any JSON value) under `hashOf(plan)`; returns the hash and whether it was new. */
  async put(
    plan: unknown,
    meta: { name: string; herd?: string; actor?: string },
  ): Promise<{ hash: Sha256Ref; created: boolean }> {
    const hash = hashOf(plan)
    const herd = meta.herd ?? DEFAULT_HERD
    return this.ctx.db.transaction().execute(async (trx) => {
      await ensureHerd(this.ctx, trx, herd, meta.actor)
      const inserted = await trx
        .insertInto('plans')
        .values({
          hash,
          herd,
          name: meta.name,
          plan: JSON.stringify(plan),
          created_at: this.ctx.clock.now(),
        })
        .onConflict((oc) => oc.column('hash').doNothing())
        .returning('hash')
        .executeTakeFirst()
      if (inserted) {
        await appendAudit(this.ctx, trx, {
          action: 'plan.store',
          resource: `plan/${hash}`,
          herd,
          actor: meta.actor,
          payload: { name: meta.name },
        })
      }
      return { hash, created: inserted !== undefined }
    })
  }

  /**
   * The plan with this hash; RUNINK_STORE_NOT_FOUND when absent, RUNINK_PROTOCOL_MALFORMED
   * (a ProtocolError naming the field) when what is stored is not a plan of a known format.
   */
  async get(hash: string): Promise<StoredPlan> {
    const row = await this.ctx.db
      .selectFrom('plans')
      .selectAll()
      .where('hash', '=', hash)
      .executeTakeFirst()
    if (!row) throw notFound('plan', hash)
    const plan = parseMessage(planSchema, row.plan, `stored plan ${row.hash}`)
    if (!plan.ok) throw plan.error
    return {
      hash: row.hash as Sha256Ref,
      herd: row.herd,
      name: row.name,
      plan: plan.value,
      createdAt: row.created_at,
    }
  }

  /** Plans of a herd, newest first, without their bodies. */
  async list(herd = DEFAULT_HERD): Promise<Array<Omit<StoredPlan, 'plan'>>> {
    const rows = await this.ctx.db
      .selectFrom('plans')
      .select(['hash', 'herd', 'name', 'created_at'])
      .where('herd', '=', herd)
      .orderBy('created_at', 'desc')
      .execute()
    return rows.map((r) => ({
      hash: r.hash as Sha256Ref,
      herd: r.herd,
      name: r.name,
      createdAt: r.created_at,
    }))
  }
}
