import { sql } from 'kysely'
import { hashOf, RuninkError, type Sha256Ref } from '@runink/core'
import type { BarnContext } from '../barn-context.js'
import { StoreErrors } from '../errors.js'
import { toVersion, type DatasetVersion } from './datasets-repo.js'
import { DEFAULT_HERD } from './herds-repo.js'
import { RunStatus } from './status.js'

/** What must match for a stage's earlier outputs to be reused. */
export interface CacheKeyParts {
  readonly nodeHash: string
  readonly stepCodeHashes: Readonly<Record<string, string>>
  readonly contractHashes: readonly string[]
  /** Ids (or refs) of the exact input dataset versions the stage read. */
  readonly inputVersions: readonly string[]
}

/** A cache hit: the slice that produced the outputs, and the outputs. */
export interface CacheHit {
  readonly key: Sha256Ref
  readonly sliceId: string
  readonly outputs: DatasetVersion[]
}

/** The cache key: order of contract hashes and inputs does not matter. */
export function cacheKey(parts: CacheKeyParts): Sha256Ref {
  return hashOf({
    nodeHash: parts.nodeHash,
    stepCodeHashes: parts.stepCodeHashes,
    contractHashes: [...parts.contractHashes].sort(),
    inputVersions: [...parts.inputVersions].sort(),
  })
}

/** Index from (node, step code, contracts, input versions) to a successful slice's outputs. */
export class CacheRepo {
  constructor(private readonly ctx: BarnContext) {}

  /** Records the outputs of a succeeded slice under its key; the first record wins. */
  async record(
    parts: CacheKeyParts,
    sliceId: string,
    outputVersionIds: readonly string[],
    herd = DEFAULT_HERD,
  ): Promise<Sha256Ref> {
    const key = cacheKey(parts)
    // One statement: the entry is written only if the slice succeeded.
    const inserted = await this.ctx.db
      .insertInto('cache_entries')
      .columns(['key', 'herd', 'node_hash', 'components', 'slice_id', 'outputs', 'created_at'])
      .expression((eb) =>
        eb
          .selectFrom('slices')
          .select((s) => [
            s.val(key).as('key'),
            s.val(herd).as('herd'),
            s.val(parts.nodeHash).as('node_hash'),
            sql<string>`${JSON.stringify(parts)}::jsonb`.as('components'),
            'id as slice_id',
            sql<string>`${JSON.stringify(outputVersionIds)}::jsonb`.as('outputs'),
            s.val(this.ctx.clock.now()).as('created_at'),
          ])
          .where('id', '=', sliceId)
          .where('status', '=', RunStatus.succeeded),
      )
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst()
    if (inserted) return key
    // Nothing written: the key was there already (the first record wins), or the slice is not
    // a succeeded one.
    const slice = await this.ctx.db
      .selectFrom('slices')
      .select('status')
      .where('id', '=', sliceId)
      .executeTakeFirst()
    if (slice?.status !== RunStatus.succeeded) {
      throw new RuninkError(
        StoreErrors.RUNINK_STORE_BAD_TRANSITION,
        `only a succeeded slice can fill the cache (slice ${sliceId} is ${slice?.status ?? 'missing'})`,
        {
          details: { sliceId },
        },
      )
    }
    return key
  }

  /** The outputs to reuse, or undefined on a miss (also when an output's bytes are gone). */
  async lookup(parts: CacheKeyParts): Promise<CacheHit | undefined> {
    const key = cacheKey(parts)
    const entry = await this.ctx.db
      .selectFrom('cache_entries')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst()
    if (!entry) return undefined
    const ids = entry.outputs as string[]
    const rows = ids.length
      ? await this.ctx.db
          .selectFrom('dataset_versions')
          .selectAll()
          .where('id', 'in', ids)
          .execute()
      : []
    if (rows.length !== ids.length) return undefined
    for (const row of rows) if (!(await this.ctx.objects.has(row.object_key))) return undefined
    const byId = new Map(rows.map((r) => [r.id, toVersion(r)]))
    return {
      key,
      sliceId: entry.slice_id,
      outputs: ids.map((id) => byId.get(id)).filter((v): v is DatasetVersion => v !== undefined),
    }
  }
}
