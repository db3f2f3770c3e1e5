import { hashOf } from '@runink/core'
import { compareSemver, type Contract } from '@runink/contracts'
import type { Selectable } from 'kysely'
import { appendAudit } from '../../audit/audit-repo.js'
import type { BarnContext } from '../../barn-context.js'
import type { BarnSchema } from '../../db/schema.js'
import { notFound } from '../not-found.js'

/** A contract document a herd registered, by its content hash. */
export interface StoredContract {
  readonly herd: string
  /** `sha256:<hex>` of the canonical model: what plans and dataset versions carry. */
  readonly hash: string
  readonly name: string
  readonly version: string
  /** The normalised contract, fields in declared order. */
  readonly document: Contract
  /** When and by whom the herd first registered it. */
  readonly createdAt: Date
  readonly createdBy: string
}

/** A contract name of a herd with its highest version (by semantic version). */
export interface ContractName {
  readonly name: string
  readonly latest: StoredContract
  /** How many documents of this name the herd has registered. */
  readonly versions: number
}

function contractOf(row: Selectable<BarnSchema['contracts']>): StoredContract {
  return {
    herd: row.herd,
    hash: row.hash,
    name: row.name,
    version: row.version,
    document: row.document as Contract,
    createdAt: row.created_at,
    createdBy: row.created_by,
  }
}

/** Highest semantic version first; one version registered twice (edited), newest first. */
function newestFirst(a: StoredContract, b: StoredContract): number {
  return (
    compareSemver(b.version, a.version) ||
    b.createdAt.getTime() - a.createdAt.getTime() ||
    (a.hash < b.hash ? -1 : 1)
  )
}

/**
 * The contracts registry: contract documents by herd and content hash. A document is registered
 * once per herd (audited `contract.register`); the same hash again is a no-op. Rows never change.
 */
export class ContractsRepo {
  constructor(private readonly ctx: BarnContext) {}

  /**
   * Registers the contract in the herd under its hash (computed here, as `runi contract hash`
   * does); `created: false` when the herd already has it. The herd must exist
   * (RUNINK_STORE_NOT_FOUND).
   */
  async register(
    herd: string,
    model: Contract,
    actor?: string,
  ): Promise<{ contract: StoredContract; created: boolean }> {
    const hash = hashOf(model)
    return this.ctx.db.transaction().execute(async (trx) => {
      const known = await trx
        .selectFrom('herds')
        .select('name')
        .where('name', '=', herd)
        .executeTakeFirst()
      if (!known) throw notFound('herd', herd)
      const row = await trx
        .insertInto('contracts')
        .values({
          herd,
          hash,
          name: model.contract,
          version: model.version,
          document: JSON.stringify(model),
          created_at: this.ctx.clock.now(),
          created_by: actor ?? this.ctx.actor,
        })
        .onConflict((oc) => oc.columns(['herd', 'hash']).doNothing())
        .returningAll()
        .executeTakeFirst()
      if (!row) {
        const there = await trx
          .selectFrom('contracts')
          .selectAll()
          .where('herd', '=', herd)
          .where('hash', '=', hash)
          .executeTakeFirstOrThrow()
        return { contract: contractOf(there), created: false }
      }
      await appendAudit(this.ctx, trx, {
        action: 'contract.register',
        resource: `contract/${herd}/${hash}`,
        herd,
        actor,
        payload: { name: model.contract, version: model.version, hash },
      })
      return { contract: contractOf(row), created: true }
    })
  }

  /** The herd's contract with this hash; undefined when the herd has not registered it. */
  async get(herd: string, hash: string): Promise<StoredContract | undefined> {
    const row = await this.ctx.db
      .selectFrom('contracts')
      .selectAll()
      .where('herd', '=', herd)
      .where('hash', '=', hash)
      .executeTakeFirst()
    return row ? contractOf(row) : undefined
  }

  /** Every document of the herd's contract `name`, highest version first (empty when none). */
  async versions(herd: string, name: string): Promise<StoredContract[]> {
    const rows = await this.ctx.db
      .selectFrom('contracts')
      .selectAll()
      .where('herd', '=', herd)
      .where('name', '=', name)
      .execute()
    return rows.map(contractOf).sort(newestFirst)
  }

  /** The herd's contract names after `after` (a name), sorted, each with its highest version. */
  async list(options: { herd: string; limit?: number; after?: string }): Promise<ContractName[]> {
    let names = this.ctx.db
      .selectFrom('contracts')
      .select('name')
      .distinct()
      .where('herd', '=', options.herd)
      .orderBy('name')
    if (options.after !== undefined) names = names.where('name', '>', options.after)
    if (options.limit !== undefined) names = names.limit(options.limit)
    const page = (await names.execute()).map((r) => r.name)
    if (page.length === 0) return []
    const rows = await this.ctx.db
      .selectFrom('contracts')
      .selectAll()
      .where('herd', '=', options.herd)
      .where('name', 'in', page)
      .execute()
    return page.map((name) => {
      const all = rows
        .filter((r) => r.name === name)
        .map(contractOf)
        .sort(newestFirst)
      return { name, latest: all[0] as StoredContract, versions: all.length }
    })
  }
}
