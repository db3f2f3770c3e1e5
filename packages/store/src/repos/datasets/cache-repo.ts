import type { CacheKeyParts } from '@runink/protocol'
import { sql } from 'kysely'
import { hashOf, RuninkError, type Sha256Ref } from '@runink/core'
import type { BarnContext } from '../../barn-context.js'
import { StoreErrors } from '../../errors.js'
import { toVersion, type DatasetVersion } from './dataset-version.js'
import { checkPublishable, insertVersions } from './publish-versions.js'
import { DEFAULT_HERD } from '../governance/herds-repo.js'
import { StagesRepo } from '../runs/stages-repo.js'
import { RunStatus } from '../runs/status.js'

export type { CacheKeyParts } from '@runink/protocol'

/** A cache hit: the slice that produced the outputs, and the outputs. */
export interface CacheHit {
  readonly key: Sha256Ref
  readonly sliceId: string
  readonly outputs: DatasetVersion[]
}

/** Why a stage run hit or missed: its key and what the key was computed from. */
export interface StageCacheKey {
  readonly stageRunId: string
  readonly key: Sha256Ref
  readonly hit: boolean
  readonly components: CacheKeyParts
}

/**
 * The cache key of a stage in a herd: order of contract hashes does not matter; every other
 * part is keyed. The herd is part of it: one herd's outputs never stand for another's.
 */
export function cacheKey(parts: CacheKeyParts, herd: string = DEFAULT_HERD): Sha256Ref {
  return hashOf({
    herd,
    nodeHash: parts.nodeHash,
    code: parts.code,
    contractHashes: [...parts.contractHashes].sort(),
    inputs: parts.inputs,
    params: parts.params,
    runtime: parts.runtime,
  })
}

/** Index from a stage's {@link CacheKeyParts} to a successful slice's outputs. */
export class CacheRepo {
  constructor(private readonly ctx: BarnContext) {}

  /** Records the outputs of a succeeded slice under its key; the first record wins. */
  async record(
    parts: CacheKeyParts,
    sliceId: string,
    outputVersionIds: readonly string[],
    herd = DEFAULT_HERD,
  ): Promise<Sha256Ref> {
    const key = cacheKey(parts, herd)
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
  async lookup(parts: CacheKeyParts, herd = DEFAULT_HERD): Promise<CacheHit | undefined> {
    const key = cacheKey(parts, herd)
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

  /**
   * Takes a cache hit's outputs as a stage run's, as one unit: each output whose dataset's
   * latest version holds other bytes (a later run wrote something else) is published again,
   * the same object, as a version of this run, so `dataset://name` means what this run
   * computed; and the stage run moves to `cached`. One transaction: all of it, or nothing.
   * Returns the version that stands for each output, in order.
   */
  async reuse(input: {
    outputs: readonly DatasetVersion[]
    herd: string
    runId: string
    stageRunId: string
    actor?: string
  }): Promise<DatasetVersion[]> {
    const again = await checkPublishable(
      this.ctx,
      input.outputs.map((v) => ({
        name: v.name,
        objectKey: v.objectKey,
        format: v.format,
        recordCount: v.recordCount,
        contractHash: v.contractHash,
        herd: input.herd,
        runId: input.runId,
        stageRunId: input.stageRunId,
        ...(input.actor !== undefined ? { actor: input.actor } : {}),
      })),
    )
    let republished = false
    const versions = await this.ctx.db.transaction().execute(async (trx) => {
      const out: DatasetVersion[] = []
      for (const [i, cached] of input.outputs.entries()) {
        const latest = await trx
          .selectFrom('dataset_versions')
          .selectAll()
          .where('herd', '=', input.herd)
          .where('name', '=', cached.name)
          .orderBy('version', 'desc')
          .limit(1)
          .executeTakeFirst()
        if (latest && latest.content_hash === cached.contentHash) out.push(toVersion(latest))
        else {
          out.push((await insertVersions(this.ctx, trx, [again[i]!]))[0]!)
          republished = true
        }
      }
      await new StagesRepo({ ...this.ctx, db: trx }).transition(
        input.stageRunId,
        RunStatus.cached,
        { cacheHit: true },
      )
      return out
    })
    // The versions' audit entries are committed: the checkpoint outside the Barn covers them.
    if (republished) await this.ctx.seal?.advance(this.ctx.db)
    return versions
  }

  /** Records the key a stage run looked up, its components, and whether it hit. */
  async noteStage(input: {
    stageRunId: string
    runId: string
    parts: CacheKeyParts
    hit: boolean
    herd?: string
  }): Promise<Sha256Ref> {
    const key = cacheKey(input.parts, input.herd)
    await this.ctx.db
      .insertInto('stage_cache_keys')
      .values({
        stage_run_id: input.stageRunId,
        run_id: input.runId,
        key,
        components: JSON.stringify(input.parts),
        hit: input.hit,
        created_at: this.ctx.clock.now(),
      })
      .onConflict((oc) => oc.column('stage_run_id').doNothing())
      .execute()
    return key
  }

  /** The keys a run's stages looked up, by stage run id. */
  async keysOfRun(runId: string): Promise<Map<string, StageCacheKey>> {
    const rows = await this.ctx.db
      .selectFrom('stage_cache_keys')
      .selectAll()
      .where('run_id', '=', runId)
      .execute()
    return new Map(
      rows.map((r) => [
        r.stage_run_id,
        {
          stageRunId: r.stage_run_id,
          key: r.key as Sha256Ref,
          hit: r.hit,
          components: r.components as CacheKeyParts,
        },
      ]),
    )
  }
}
