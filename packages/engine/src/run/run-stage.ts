import { rm } from 'node:fs/promises'
import path from 'node:path'
import { systemClock, type Clock } from '@runink/core'
import {
  decideStage,
  initialStageState,
  stageDurationMs,
  type Outcome,
  type StageAction,
  type StageEnd,
  type StageEvent,
  type StageState,
} from '@runink/lifecycle'
import type { CacheKeyParts } from '../ports/index.js'
import type { SliceReport } from '../stage/index.js'
import { bundleStepModules } from './bundle-step-modules.js'
import type { CommittedOutput } from './commit-outputs.js'
import { commitStage, lineageOutputs } from './commit-stage.js'
import { egressSteps } from './egress-steps.js'
import { emptyStageFailure } from './empty-stage.js'
import { evaluateAsserts } from './evaluate-asserts.js'
import { outcomeOf } from './outcome-of.js'
import { resolveInput, type ResolvedInput } from './resolve-inputs.js'
import { reuseCached } from './reuse-cached.js'
import type { StageSummary } from './run-events.js'
import { pinnedFor } from './run-pins.js'
import { runSlices, type SliceRun } from './run-slices.js'
import type { RunnableStage } from './runnable-stage.js'
import { sinkTarget } from './sink-target.js'
import type { SliceOutcome } from './slice-runner.js'
import { sleep } from './sleep.js'
import { stageCacheKey } from './stage-cache-key.js'
import { emitStageEvent } from './stage-lineage.js'
import { StageRunCodes } from './stage-run-codes.js'
import type { StageRunContext } from './stage-run-context.js'
import { stageStats, type StageStats } from './stage-stats.js'
import { storedStageStats } from './stored-stage-stats.js'

export type { StageRunContext } from './stage-run-context.js'

/**
 * Runs one stage as a driver of the pure lifecycle (`decideStage`): resolves its inputs, reuses
 * an identical earlier run's outputs when the cache allows, else runs its slices (with
 * retries), checks its asserts, commits its outputs as dataset versions and records lineage.
 * Cancelling (the run's signal) ends it at its next step. Staging is removed however it ends.
 */
export async function runStage(stage: RunnableStage, ctx: StageRunContext): Promise<StageSummary> {
  const clock: Clock = ctx.clock ?? systemClock
  const row = await ctx.ledger.stages.create({
    runId: ctx.runId,
    stage: stage.id,
    nodeHash: stage.nodeHash,
  })
  const work = new StageWork(stage, ctx, row.id)
  let state = initialStageState({ cache: stage.cache && !ctx.noCache, retry: stage.retry })
  let event: StageEvent = { type: 'start' }
  for (;;) {
    const decision = decideStage(state, event, clock)
    state = decision.state
    let next: StageEvent | undefined
    for (const action of decision.actions) next = (await work.do(action)) ?? next
    if (state.phase === 'finished') return work.summary(state, clock)
    event = ctx.signal?.aborted ? { type: 'cancelled' } : next!
  }
}

type CacheHit = NonNullable<Awaited<ReturnType<StageRunContext['catalog']['cache']['lookup']>>>

/** What one stage's actions do, and what they leave for the next ones. */
class StageWork {
  private inputs: ResolvedInput[] = []
  private cacheParts: CacheKeyParts | undefined
  private sinkFormats: ReturnType<typeof sinkTarget>['format'][] = []
  private hit: CacheHit | undefined
  private noted = false
  /** The current attempt's slices, until committed or dropped. */
  private runs: readonly SliceRun[] = []
  /** The last attempt's counts: what commits, or the evidence a failure keeps. */
  private stats: StageStats | undefined
  private outputs: CommittedOutput[] = []
  private isolation: string | undefined
  private readonly stageDir: string
  private readonly self: { id: string; runId: string }

  constructor(
    private readonly stage: RunnableStage,
    private readonly ctx: StageRunContext,
    private readonly rowId: string,
  ) {
    this.stageDir = path.join(ctx.stagingRoot, stage.id)
    this.self = { id: stage.id, runId: rowId }
  }

  /** Does an action; returns the event that reports its result (none for bookkeeping). */
  async do(action: StageAction): Promise<StageEvent | undefined> {
    switch (action.type) {
      case 'prepare':
        return this.prepare()
      case 'look-up-cache':
        return this.lookUp()
      case 'reuse-cached':
        return this.reuse()
      case 'mark-running':
        await this.markRunning()
        return undefined
      case 'run-attempt':
        return this.attempt(action.attempt)
      case 'wait':
        this.ctx.emit({
          type: 'stage-retrying',
          stage: this.stage.id,
          attempt: action.attempt,
          delayMs: action.delayMs,
          error: action.after.message,
        })
        await sleep(action.delayMs, this.ctx.signal)
        return { type: 'retry-due' }
      case 'commit':
        return this.commit()
      case 'finish':
        await this.finish(action.status, action.outcome)
        return undefined
    }
  }

  summary(state: StageState, clock: Clock): StageSummary {
    const ok = state.status === 'succeeded' || state.status === 'cached'
    const { outcome } = state
    return {
      id: this.stage.id,
      name: this.stage.name,
      status: state.status as StageEnd & StageSummary['status'],
      outputs: ok ? this.outputs : [],
      attempts: state.attempt,
      durationMs: stageDurationMs(state, clock),
      ...(this.stats && state.status !== 'cached' ? { stats: this.stats } : {}),
      ...(state.status === 'succeeded' && this.isolation ? { isolation: this.isolation } : {}),
      ...(outcome && !ok
        ? { error: outcome.message, code: outcome.code, retryable: outcome.retryable }
        : {}),
    }
  }

  /** Inputs resolved and pinned, steps bundled, the cache key made, sinks confined. */
  private async prepare(): Promise<StageEvent> {
    const { stage, ctx } = this
    try {
      this.inputs = await Promise.all(
        stage.sources.map((s) =>
          resolveInput(s.uri, {
            catalog: ctx.catalog,
            herd: ctx.herd,
            baseDir: ctx.baseDir,
            allowedFolders: ctx.allowedFolders ?? [],
            inputsDir: path.join(ctx.stagingRoot, 'inputs'),
            ...(s.mode ? { mode: s.mode } : {}),
            ...(s.table ? { table: s.table } : {}),
            ...(s.csv ? { csv: s.csv } : {}),
            ...(s.contract ? { contract: s.contract.model } : {}),
            ...pinnedFor(s.uri, ctx),
          }),
        ),
      )
      await ctx.ledger.runs.pin(
        ctx.runId,
        this.inputs.map((i) => i.pin),
      )
      if (ctx.stepBundles)
        await bundleStepModules(stage, ctx, path.join(ctx.stagingRoot, 'steps'), ctx.stepBundles)
      this.cacheParts = await stageCacheKey(stage, ctx, this.inputs)
      // Sinks are confined before anything runs: a refused one fails the stage, nothing is written.
      this.sinkFormats = stage.sinks.map((s) => sinkTarget(s.uri, ctx).format)
      return { type: 'prepared' }
    } catch (error) {
      return {
        type: 'failed',
        outcome: outcomeOf(error, StageRunCodes.RUNINK_STAGE_PREPARE_FAILED),
      }
    }
  }

  private async lookUp(): Promise<StageEvent> {
    this.hit = await this.ctx.catalog.cache.lookup(this.cacheParts!, this.ctx.herd)
    await this.note()
    return { type: 'cache-checked', hit: this.hit !== undefined }
  }

  /** Records the stage's cache key and whether it hit, once. */
  private async note(): Promise<void> {
    if (this.noted) return
    this.noted = true
    await this.ctx.catalog.cache.noteStage({
      stageRunId: this.rowId,
      runId: this.ctx.runId,
      parts: this.cacheParts!,
      hit: this.hit !== undefined,
      herd: this.ctx.herd,
    })
  }

  private async reuse(): Promise<StageEvent> {
    try {
      // Moves the stage run to cached with its outputs, as one unit.
      this.outputs = await reuseCached(this.stage, this.ctx, this.hit!, this.stageDir, this.rowId)
    } catch (error) {
      const outcome = outcomeOf(
        error,
        StageRunCodes.RUNINK_STAGE_REUSE_FAILED,
        'could not reuse the cached outputs: ',
      )
      return { type: 'failed', outcome }
    }
    await rm(this.stageDir, { recursive: true, force: true })
    return { type: 'reused' }
  }

  private async markRunning(): Promise<void> {
    await this.note()
    await this.ctx.ledger.stages.transition(this.rowId, 'running')
    await emitStageEvent(this.ctx, this.self, 'START', { inputs: this.inputUris() })
  }

  /** Runs every slice once; then the checks: empty is not success, asserts must hold. */
  private async attempt(number: number): Promise<StageEvent> {
    const { stage, ctx } = this
    const egress = egressSteps(stage, ctx.egress)
    ctx.emit({
      type: 'stage-started',
      stage: stage.id,
      slices: stage.partition?.n ?? 1,
      attempt: number,
      ...(egress.length > 0 ? { egress } : {}),
    })
    this.runs = await runSlices(stage, ctx, {
      stageRunId: this.rowId,
      number,
      sources: this.inputs.map((i) => i.source),
      sinkFormats: this.sinkFormats,
      egress,
    })
    const failed = this.runs
      .map((r) => r.outcome)
      .find((o): o is Extract<SliceOutcome, { ok: false }> => !o.ok)
    if (failed) {
      this.stats = failureStats(this.runs)
      const { code, message, retryable } = failed
      return this.drop({ type: 'attempt-failed', outcome: { code, message, retryable } })
    }
    const reports = this.runs.map((r) => (r.outcome as { report: SliceReport }).report)
    const stats = stageStats(reports)
    this.stats = stats
    // Empty is not success: records read, none written, fails unless @empty("allow").
    const empty = emptyStageFailure(stats, stage.allowEmpty === true)
    if (empty !== undefined) return this.drop(checkFailed(StageRunCodes.RUNINK_STAGE_EMPTY, empty))
    const broken = evaluateAsserts(stage.asserts, stats)
    if (broken.length > 0) {
      const message = broken.map((f) => f.message).join('; ')
      return this.drop(checkFailed(StageRunCodes.RUNINK_STAGE_ASSERT_FAILED, message))
    }
    this.isolation = this.runs[0]!.outcome.isolation
    return { type: 'attempt-succeeded' }
  }

  /**
   * One unit: every output's version, the stage's success and its cache entry in one
   * transaction, file sinks renamed into place after it.
   */
  private async commit(): Promise<StageEvent> {
    const { stage, ctx } = this
    const stats = this.stats!
    try {
      await ctx.ledger.stages.recordStats(this.rowId, storedStageStats(stats, false))
      this.outputs = await commitStage(stage, ctx, {
        stageRunId: this.rowId,
        sinkFormats: this.sinkFormats,
        runs: this.runs,
        stats,
        ...(stage.cache
          ? { cache: { parts: this.cacheParts!, sliceId: this.runs[0]!.sliceId } }
          : {}),
      })
    } catch (error) {
      const outcome = outcomeOf(
        error,
        StageRunCodes.RUNINK_STAGE_COMMIT_FAILED,
        'could not commit outputs: ',
      )
      return this.drop({ type: 'failed', outcome })
    }
    await this.drop(undefined)
    await emitStageEvent(ctx, this.self, 'COMPLETE', {
      inputs: this.inputUris(),
      outputs: lineageOutputs(stage, ctx, this.outputs, stats),
    })
    return { type: 'committed' }
  }

  /** A stage that did not succeed keeps its evidence: counts, top reasons, first invalid records. */
  private async finish(status: StageEnd, outcome: Outcome | undefined): Promise<void> {
    if (status !== 'failed' && status !== 'cancelled') return
    const { ledger } = this.ctx
    const error = outcome?.message ?? status
    if (this.stats)
      await ledger.stages
        .recordStats(this.rowId, storedStageStats(this.stats, true))
        .catch(() => undefined)
    await ledger.stages.transition(this.rowId, status, { error }).catch(() => undefined)
    await emitStageEvent(this.ctx, this.self, 'FAIL', { inputs: this.inputUris(), error })
    await this.drop(undefined)
    await rm(this.stageDir, { recursive: true, force: true })
  }

  private inputUris(): string[] {
    return this.inputs.map((i) => i.source.uri)
  }

  /** Removes the attempt's staging folders (nothing half-written, nothing left over). */
  private async drop<T>(then: T): Promise<T> {
    const dirs = this.runs
      .map((r) => r.outcome.stagingDir)
      .filter((d): d is string => d !== undefined)
    this.runs = []
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
    return then
  }
}

/** A check that failed after every slice succeeded: rerunning gives the same answer. */
function checkFailed(code: string, message: string): StageEvent {
  return { type: 'attempt-failed', outcome: { code, message, retryable: false } }
}

/**
 * What an attempt that failed had counted: its successful slices' reports and the counts and
 * evidence its failed slices sent with their errors; undefined when a failed slice sent none
 * (it crashed, or was killed).
 */
function failureStats(runs: readonly SliceRun[]): StageStats | undefined {
  const reports = runs.map((r) => r.outcome.report)
  if (reports.some((r) => r === undefined)) return undefined
  return stageStats(reports as NonNullable<(typeof reports)[number]>[])
}
