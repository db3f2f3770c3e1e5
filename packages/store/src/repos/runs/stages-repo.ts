import type { StageRunStats } from '@runink/protocol'
import { sql, type Selectable, type UpdateObject } from 'kysely'
import type { Isolation } from '@runink/core'
import type { BarnContext } from '../../barn-context.js'
import { toNumber, type BarnSchema } from '../../db/schema.js'
import { notFound } from '../not-found.js'
import { checkTransition, RunStatus, sourcesOf } from './status.js'

export type { StageRunStats } from '@runink/protocol'

/** One stage of a run. */
export interface StageRun {
  readonly id: string
  readonly runId: string
  readonly stage: string
  readonly nodeHash: string
  readonly status: RunStatus
  readonly cacheHit: boolean
  readonly createdAt: Date
  readonly startedAt: Date | null
  readonly finishedAt: Date | null
  readonly error: string | null
  /** Its numbers and evidence; null until recorded (and for cached or skipped stages). */
  readonly stats: StageRunStats | null
}

/** One execution of a stage (or a partition of it), one attempt. */
export interface Slice {
  readonly id: string
  readonly stageRunId: string
  readonly runId: string
  readonly partition: number
  readonly attempt: number
  readonly status: RunStatus
  /** The isolation actually used, recorded when the slice starts. */
  readonly isolation: Isolation | null
  readonly createdAt: Date
  readonly startedAt: Date | null
  readonly finishedAt: Date | null
  readonly durationMs: number | null
  readonly recordsIn: number
  readonly recordsOut: number
  readonly recordsInvalid: number
  readonly error: string | null
}

/** Record counts reported when a slice ends. */
export interface SliceCounts {
  readonly recordsIn?: number
  readonly recordsOut?: number
  readonly recordsInvalid?: number
}

/** Maps a stage_runs row. */
export function toStageRun(r: Selectable<BarnSchema['stage_runs']>): StageRun {
  return {
    id: r.id,
    runId: r.run_id,
    stage: r.stage,
    nodeHash: r.node_hash,
    status: r.status as RunStatus,
    cacheHit: r.cache_hit,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
    stats: (r.stats ?? null) as StageRunStats | null,
  }
}

/** Maps a slices row. */
export function toSlice(r: Selectable<BarnSchema['slices']>): Slice {
  return {
    id: r.id,
    stageRunId: r.stage_run_id,
    runId: r.run_id,
    partition: r.partition,
    attempt: r.attempt,
    status: r.status as RunStatus,
    isolation: r.isolation as Isolation | null,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms === null ? null : toNumber(r.duration_ms),
    recordsIn: toNumber(r.records_in),
    recordsOut: toNumber(r.records_out),
    recordsInvalid: toNumber(r.records_invalid),
    error: r.error,
  }
}

/** Stage runs and their slices, with status transitions and timings. */
export class StagesRepo {
  constructor(private readonly ctx: BarnContext) {}

  /** Creates a queued stage run for a plan node. */
  async create(input: { runId: string; stage: string; nodeHash: string }): Promise<StageRun> {
    const row = await this.ctx.db
      .insertInto('stage_runs')
      .values({
        id: this.ctx.ids.next(),
        run_id: input.runId,
        stage: input.stage,
        node_hash: input.nodeHash,
        status: RunStatus.queued,
        created_at: this.ctx.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return toStageRun(row)
  }

  /** Moves a stage run on: running sets started_at, a terminal status sets finished_at. */
  async transition(
    id: string,
    to: RunStatus,
    options: { error?: string; cacheHit?: boolean } = {},
  ): Promise<StageRun> {
    const now = this.ctx.clock.now()
    const row = await this.moved('stage_runs', 'stage run', id, to, () =>
      this.ctx.db
        .updateTable('stage_runs')
        .set({
          status: to,
          ...(to === RunStatus.running ? { started_at: now } : { finished_at: now }),
          ...(options.error !== undefined ? { error: options.error } : {}),
          ...(to === RunStatus.cached || options.cacheHit ? { cache_hit: true } : {}),
        })
        .where('id', '=', id)
        .where('status', 'in', sourcesOf(to))
        .returningAll()
        .executeTakeFirst(),
    )
    return toStageRun(row)
  }

  /** Records a stage run's numbers and evidence (see {@link StageRunStats}). */
  async recordStats(id: string, stats: StageRunStats): Promise<void> {
    const done = await this.ctx.db
      .updateTable('stage_runs')
      .set({ stats: JSON.stringify(stats) })
      .where('id', '=', id)
      .executeTakeFirst()
    if (done.numUpdatedRows === 0n) throw notFound('stage run', id)
  }

  /**
   * Runs `update`, a single statement that moves row `id` to `to` only from a status that may
   * lead there (so no lock and no transaction are needed). When it moves nothing, finds out
   * why: no such row, or an illegal move (the error names both statuses); a move that was legal
   * but lost a race with another writer is tried again.
   */
  private async moved<T>(
    table: 'stage_runs' | 'slices',
    what: string,
    id: string,
    to: RunStatus,
    update: () => Promise<T | undefined>,
  ): Promise<T> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const updated = sourcesOf(to).length > 0 ? await update() : undefined
      if (updated !== undefined) return updated
      const row = await this.ctx.db
        .selectFrom(table)
        .select('status')
        .where('id', '=', id)
        .executeTakeFirst()
      if (!row) throw notFound(what, id)
      checkTransition(what, id, row.status, to)
    }
    throw new Error(`${what} ${id}: its status kept changing while moving it to ${to}`)
  }

  /** Creates a queued slice of a stage run; attempt numbers start at 1. */
  async createSlice(input: {
    stageRunId: string
    partition?: number
    attempt?: number
    /** Starts it in the same statement (running, started now) with the isolation it gets. */
    startedWith?: Isolation
  }): Promise<Slice> {
    const now = this.ctx.clock.now()
    const started = input.startedWith !== undefined
    // One statement: the slice takes its run id from its stage run's row.
    const row = await this.ctx.db
      .insertInto('slices')
      .columns([
        'id',
        'stage_run_id',
        'run_id',
        'partition',
        'attempt',
        'status',
        'isolation',
        'created_at',
        'started_at',
      ])
      .expression((eb) =>
        eb
          .selectFrom('stage_runs')
          .select((s) => [
            s.val(this.ctx.ids.next()).as('id'),
            'id as stage_run_id',
            'run_id',
            s.val(input.partition ?? 0).as('partition'),
            s.val(input.attempt ?? 1).as('attempt'),
            s.val(started ? RunStatus.running : RunStatus.queued).as('status'),
            s.val(input.startedWith ?? null).as('isolation'),
            s.val(now).as('created_at'),
            s.val(started ? now : null).as('started_at'),
          ])
          .where('id', '=', input.stageRunId),
      )
      .returningAll()
      .executeTakeFirst()
    if (!row) throw notFound('stage run', input.stageRunId)
    return toSlice(row)
  }

  /** Marks a slice running and records the isolation it actually got. */
  startSlice(id: string, isolation: Isolation): Promise<Slice> {
    return this.sliceTransition(id, RunStatus.running, {
      started_at: this.ctx.clock.now(),
      isolation,
    })
  }

  /** Ends a slice with its counts; the duration is measured from its start. */
  finishSlice(
    id: string,
    status: RunStatus,
    counts: SliceCounts & { error?: string } = {},
  ): Promise<Slice> {
    const now = this.ctx.clock.now()
    // Both ends are whole milliseconds (JavaScript dates), so the difference is exact.
    const duration = sql<number>`case when started_at is null then null else round(extract(epoch from (${now}::timestamptz - started_at)) * 1000)::bigint end`
    return this.sliceTransition(id, status, {
      finished_at: now,
      duration_ms: duration,
      ...(counts.recordsIn !== undefined ? { records_in: counts.recordsIn } : {}),
      ...(counts.recordsOut !== undefined ? { records_out: counts.recordsOut } : {}),
      ...(counts.recordsInvalid !== undefined ? { records_invalid: counts.recordsInvalid } : {}),
      error: counts.error ?? null,
    })
  }

  private async sliceTransition(
    id: string,
    to: RunStatus,
    set: UpdateObject<BarnSchema, 'slices'>,
  ): Promise<Slice> {
    const row = await this.moved('slices', 'slice', id, to, () =>
      this.ctx.db
        .updateTable('slices')
        .set({ ...set, status: to })
        .where('id', '=', id)
        .where('status', 'in', sourcesOf(to))
        .returningAll()
        .executeTakeFirst(),
    )
    return toSlice(row)
  }

  /** One stage run. */
  async getStage(id: string): Promise<StageRun> {
    const row = await this.ctx.db
      .selectFrom('stage_runs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw notFound('stage run', id)
    return toStageRun(row)
  }

  /** One slice. */
  async getSlice(id: string): Promise<Slice> {
    const row = await this.ctx.db
      .selectFrom('slices')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw notFound('slice', id)
    return toSlice(row)
  }

  /** The stage runs of a run, in creation order. */
  async ofRun(runId: string): Promise<StageRun[]> {
    const rows = await this.ctx.db
      .selectFrom('stage_runs')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map(toStageRun)
  }

  /** The slices of a run, by stage, partition and attempt. */
  async slicesOfRun(runId: string): Promise<Slice[]> {
    const rows = await this.ctx.db
      .selectFrom('slices')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('created_at')
      .orderBy('partition')
      .orderBy('attempt')
      .execute()
    return rows.map(toSlice)
  }
}
