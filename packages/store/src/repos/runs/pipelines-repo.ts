import { sql, type Selectable } from 'kysely'
import { appendAudit } from '../../audit/audit-repo.js'
import type { BarnContext } from '../../barn-context.js'
import type { BarnSchema } from '../../db/schema.js'
import { notFound } from '../not-found.js'

/** One version of a pipeline: a bundle uploaded to the control plane, compiled to a plan. */
export interface Pipeline {
  readonly id: string
  readonly herd: string
  /** The feature's name (`@feature(name=…)`). */
  readonly name: string
  /** 1, 2, 3… per herd and name. */
  readonly version: number
  readonly planHash: string
  /** The hex SHA-256 of the bundle (its paths and bytes): where the server keeps it. */
  readonly bundleHash: string
  /** The feature file's path inside the bundle. */
  readonly feature: string
  readonly createdAt: Date
  readonly createdBy: string
}

/** What {@link PipelinesRepo.register} takes. */
export interface RegisterPipeline {
  readonly herd: string
  readonly name: string
  readonly planHash: string
  readonly bundleHash: string
  readonly feature: string
}

function pipelineOf(row: Selectable<BarnSchema['pipelines']>): Pipeline {
  return {
    id: row.id,
    herd: row.herd,
    name: row.name,
    version: row.version,
    planHash: row.plan_hash,
    bundleHash: row.bundle_hash,
    feature: row.feature,
    createdAt: row.created_at,
    createdBy: row.created_by,
  }
}

/**
 * Versioned pipelines per herd: registering a bundle whose plan and bytes equal the latest
 * version's is that version (idempotent); anything else is the next version. Versions are never
 * changed or removed. Also which version a run ran.
 */
export class PipelinesRepo {
  constructor(private readonly ctx: BarnContext) {}

  /**
   * The latest version of `herd`/`name` when its plan hash, bundle hash and feature path are
   * these (`created: false`), else a new version after it (audited as `pipeline.create`).
   * The herd must exist (RUNINK_STORE_NOT_FOUND).
   */
  async register(
    input: RegisterPipeline,
    actor?: string,
  ): Promise<{ pipeline: Pipeline; created: boolean }> {
    return this.ctx.db.transaction().execute(async (trx) => {
      // Two uploads of one pipeline take turns: versions stay dense and the check-then-insert holds.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`pipeline:${input.herd}/${input.name}`}))`.execute(
        trx,
      )
      const herd = await trx
        .selectFrom('herds')
        .select('name')
        .where('name', '=', input.herd)
        .executeTakeFirst()
      if (!herd) throw notFound('herd', input.herd)
      const latest = await trx
        .selectFrom('pipelines')
        .selectAll()
        .where('herd', '=', input.herd)
        .where('name', '=', input.name)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst()
      if (
        latest &&
        latest.plan_hash === input.planHash &&
        latest.bundle_hash === input.bundleHash &&
        latest.feature === input.feature
      )
        return { pipeline: pipelineOf(latest), created: false }
      const row = await trx
        .insertInto('pipelines')
        .values({
          id: this.ctx.ids.next(),
          herd: input.herd,
          name: input.name,
          version: (latest?.version ?? 0) + 1,
          plan_hash: input.planHash,
          bundle_hash: input.bundleHash,
          feature: input.feature,
          created_at: this.ctx.clock.now(),
          created_by: actor ?? this.ctx.actor,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await appendAudit(this.ctx, trx, {
        action: 'pipeline.create',
        resource: `pipeline/${input.herd}/${input.name}/${row.version}`,
        herd: input.herd,
        actor,
        payload: {
          name: input.name,
          version: row.version,
          planHash: input.planHash,
          bundleHash: input.bundleHash,
        },
      })
      return { pipeline: pipelineOf(row), created: true }
    })
  }

  /** Version `version` of `herd`/`name`, or its latest without one; undefined when none. */
  async get(herd: string, name: string, version?: number): Promise<Pipeline | undefined> {
    let query = this.ctx.db
      .selectFrom('pipelines')
      .selectAll()
      .where('herd', '=', herd)
      .where('name', '=', name)
    query =
      version === undefined
        ? query.orderBy('version', 'desc').limit(1)
        : query.where('version', '=', version)
    const row = await query.executeTakeFirst()
    return row ? pipelineOf(row) : undefined
  }

  /** Every version of `herd`/`name`, newest first (empty when there is no such pipeline). */
  async versions(herd: string, name: string): Promise<Pipeline[]> {
    const rows = await this.ctx.db
      .selectFrom('pipelines')
      .selectAll()
      .where('herd', '=', herd)
      .where('name', '=', name)
      .orderBy('version', 'desc')
      .execute()
    return rows.map(pipelineOf)
  }

  /** The latest version of each of the herd's pipelines, by name, after `after` (a name). */
  async list(options: { herd: string; limit?: number; after?: string }): Promise<Pipeline[]> {
    let query = this.ctx.db
      .selectFrom('pipelines as p')
      .selectAll('p')
      .where('p.herd', '=', options.herd)
      .where((eb) =>
        eb(
          'p.version',
          '=',
          eb
            .selectFrom('pipelines as q')
            .select((q) => q.fn.max('q.version').as('v'))
            .whereRef('q.herd', '=', 'p.herd')
            .whereRef('q.name', '=', 'p.name'),
        ),
      )
      .orderBy('p.name')
    if (options.after !== undefined) query = query.where('p.name', '>', options.after)
    if (options.limit !== undefined) query = query.limit(options.limit)
    return (await query.execute()).map(pipelineOf)
  }

  /** Records that run `runId` ran pipeline version `pipelineId` (once; again is a no-op). */
  async recordRun(runId: string, pipelineId: string): Promise<void> {
    const known = await this.ctx.db
      .selectFrom('pipelines')
      .select('id')
      .where('id', '=', pipelineId)
      .executeTakeFirst()
    if (!known) throw notFound('pipeline version', pipelineId)
    await this.ctx.db
      .insertInto('pipeline_runs')
      .values({ run_id: runId, pipeline_id: pipelineId, created_at: this.ctx.clock.now() })
      .onConflict((oc) => oc.column('run_id').doNothing())
      .execute()
  }

  /** The pipeline version a run ran, for each of these runs that ran one. */
  async ofRuns(runIds: readonly string[]): Promise<Map<string, Pipeline>> {
    if (runIds.length === 0) return new Map()
    const rows = await this.ctx.db
      .selectFrom('pipeline_runs as r')
      .innerJoin('pipelines as p', 'p.id', 'r.pipeline_id')
      .selectAll('p')
      .select('r.run_id')
      .where('r.run_id', 'in', runIds)
      .execute()
    return new Map(rows.map((r) => [r.run_id, pipelineOf(r)]))
  }
}
