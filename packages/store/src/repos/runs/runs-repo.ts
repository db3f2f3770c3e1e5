import { hashOf, RuninkError, type Sha256Ref } from '@runink/core'
import type { Selectable, Updateable } from 'kysely'
import { appendAudit } from '../../audit/audit-repo.js'
import type { BarnContext } from '../../barn-context.js'
import type { BarnSchema } from '../../db/schema.js'
import { StoreErrors } from '../../errors.js'
import { currentProcess } from '../../lock/process-alive.js'
import { ensureHerd, DEFAULT_HERD } from '../governance/herds-repo.js'
import { notFound } from '../not-found.js'
import { runNotFound } from './run-not-found.js'
import type { PinKind, RunPin } from '@runink/core'
import { checkTransition, RunStatus } from './status.js'

/** What identifies a run's work: same spec, same results. */
export interface RunSpec {
  readonly planHash: string
  /** Input name → bound dataset version (e.g. `dataset://bronze.trades@3`) or source hash. */
  readonly inputs: Readonly<Record<string, string>>
  readonly parameters: Readonly<Record<string, unknown>>
  /** Step name → hash of its code. */
  readonly stepCodeHashes: Readonly<Record<string, string>>
}

/** A run as stored. */
export interface Run {
  readonly id: string
  readonly herd: string
  readonly specHash: Sha256Ref
  readonly planHash: string
  readonly idempotencyKey: string | null
  readonly status: RunStatus
  readonly owner: { pid: number; host: string; startedAt: Date | null } | null
  readonly createdAt: Date
  readonly startedAt: Date | null
  readonly finishedAt: Date | null
  readonly error: string | null
}

/** Input of {@link RunsRepo.create}. */
export interface CreateRun extends Partial<Omit<RunSpec, 'planHash'>> {
  readonly planHash: string
  readonly herd?: string
  readonly idempotencyKey?: string
  readonly actor?: string
}

/** Maps a runs row to a {@link Run}. */
export function toRun(r: Selectable<BarnSchema['runs']>): Run {
  return {
    id: r.id,
    herd: r.herd,
    specHash: r.spec_hash as Sha256Ref,
    planHash: r.plan_hash,
    idempotencyKey: r.idempotency_key,
    status: r.status as RunStatus,
    owner:
      r.owner_pid === null
        ? null
        : { pid: r.owner_pid, host: r.owner_host ?? '', startedAt: r.owner_started_at },
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
  }
}

/** Runs and their immutable specs. */
export class RunsRepo {
  constructor(private readonly ctx: BarnContext) {}

  /**
   * Creates a queued run. Its spec (plan hash, bound inputs, parameters, step-code hashes) is
   * stored once under its hash. With an idempotency key, a second create with the same spec
   * returns the first run (`created: false`); with another spec it is a conflict.
   */
  async create(input: CreateRun): Promise<{ run: Run; created: boolean }> {
    const herd = input.herd ?? DEFAULT_HERD
    const spec: RunSpec = {
      planHash: input.planHash,
      inputs: input.inputs ?? {},
      parameters: input.parameters ?? {},
      stepCodeHashes: input.stepCodeHashes ?? {},
    }
    const specHash = hashOf(spec)
    const now = this.ctx.clock.now()
    return this.ctx.db.transaction().execute(async (trx) => {
      await ensureHerd(this.ctx, trx, herd, input.actor)
      if (input.idempotencyKey !== undefined) {
        const existing = await trx
          .selectFrom('runs')
          .selectAll()
          .where('herd', '=', herd)
          .where('idempotency_key', '=', input.idempotencyKey)
          .executeTakeFirst()
        if (existing) {
          if (existing.spec_hash !== specHash) {
            throw new RuninkError(
              StoreErrors.RUNINK_STORE_IDEMPOTENCY_CONFLICT,
              `idempotency key ${input.idempotencyKey} was used for run ${existing.id} with another spec`,
              {
                details: { runId: existing.id, specHash: existing.spec_hash, requested: specHash },
              },
            )
          }
          return { run: toRun(existing), created: false }
        }
      }
      await trx
        .insertInto('run_specs')
        .values({
          spec_hash: specHash,
          plan_hash: spec.planHash,
          spec: JSON.stringify(spec),
          created_at: now,
        })
        .onConflict((oc) => oc.column('spec_hash').doNothing())
        .execute()
      const row = await trx
        .insertInto('runs')
        .values({
          id: this.ctx.ids.next(),
          herd,
          spec_hash: specHash,
          plan_hash: spec.planHash,
          idempotency_key: input.idempotencyKey ?? null,
          status: RunStatus.queued,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await appendAudit(this.ctx, trx, {
        action: 'run.create',
        resource: `run/${row.id}`,
        herd,
        actor: input.actor,
        payload: { specHash, planHash: spec.planHash, parameters: spec.parameters },
      })
      return { run: toRun(row), created: true }
    })
  }

  /** The spec a run executes. */
  async spec(specHash: string): Promise<RunSpec> {
    const row = await this.ctx.db
      .selectFrom('run_specs')
      .select('spec')
      .where('spec_hash', '=', specHash)
      .executeTakeFirst()
    if (!row) throw notFound('run spec', specHash)
    return row.spec as RunSpec
  }

  /** Moves a queued run to running, recording this process as its owner. */
  start(id: string, actor?: string): Promise<Run> {
    const me = currentProcess()
    return this.transition(id, RunStatus.running, actor, {
      started_at: this.ctx.clock.now(),
      owner_pid: me.pid,
      owner_host: me.host,
      owner_started_at: me.startedAt,
    })
  }

  /** Ends a run: succeeded, failed (with error), cancelled or abandoned. */
  finish(
    id: string,
    status: RunStatus,
    options: { error?: string; actor?: string } = {},
  ): Promise<Run> {
    return this.transition(id, status, options.actor, {
      finished_at: this.ctx.clock.now(),
      error: options.error ?? null,
    })
  }

  private transition(
    id: string,
    to: RunStatus,
    actor: string | undefined,
    extra: Updateable<BarnSchema['runs']>,
  ): Promise<Run> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('runs')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst()
      if (!row) throw notFound('run', id)
      checkTransition('run', id, row.status, to)
      const updated = await trx
        .updateTable('runs')
        .set({ ...extra, status: to })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
      await appendAudit(this.ctx, trx, {
        action: `run.${to}`,
        resource: `run/${id}`,
        herd: row.herd,
        actor,
        payload: extra.error ? { from: row.status, error: extra.error } : { from: row.status },
      })
      return toRun(updated)
    })
  }

  /**
   * Records what a run's stages read (source URI → version and content hash). A URI is pinned
   * once per run: every stage reading it reads the same bytes, so a second record of it is
   * ignored.
   */
  async pin(runId: string, pins: readonly RunPin[]): Promise<void> {
    if (pins.length === 0) return
    const now = this.ctx.clock.now()
    await this.ctx.db
      .insertInto('run_inputs')
      .values(
        pins.map((p) => ({
          run_id: runId,
          uri: p.uri,
          ref: p.ref ?? null,
          content_hash: p.contentHash,
          pinned: p.pinned,
          from_stage: p.fromStage ?? null,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['run_id', 'uri']).doNothing())
      .execute()
  }

  /** A run's pins, by URI. */
  async pins(runId: string): Promise<RunPin[]> {
    const rows = await this.ctx.db
      .selectFrom('run_inputs')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('uri')
      .execute()
    return rows.map((r) => ({
      uri: r.uri,
      ...(r.ref === null ? {} : { ref: r.ref }),
      contentHash: r.content_hash,
      pinned: r.pinned as PinKind,
      ...(r.from_stage === null ? {} : { fromStage: r.from_stage }),
    }))
  }

  /** One run; RUNINK_STORE_NOT_FOUND when absent. */
  async get(id: string): Promise<Run> {
    const row = await this.ctx.db
      .selectFrom('runs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw await runNotFound(this.ctx.db, id)
    return toRun(row)
  }

  /**
   * Runs, newest first, optionally of one status and herd, and only those listed after `before`
   * (the last run of a previous page: pages never skip or repeat a run).
   */
  async list(
    filter: {
      status?: RunStatus
      herd?: string
      limit?: number
      before?: { readonly createdAt: Date; readonly id: string }
    } = {},
  ): Promise<Run[]> {
    let q = this.ctx.db
      .selectFrom('runs')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
    if (filter.status) q = q.where('status', '=', filter.status)
    if (filter.herd) q = q.where('herd', '=', filter.herd)
    const before = filter.before
    if (before)
      q = q.where((eb) =>
        eb.or([
          eb('created_at', '<', before.createdAt),
          eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)]),
        ]),
      )
    return (await q.limit(filter.limit ?? 100).execute()).map(toRun)
  }
}
