import { rm } from 'node:fs/promises'
import path from 'node:path'
import type { CacheKeyParts, LineageDataset } from '@runink/store'
import { olDatasetName } from '@runink/store'
import type { SliceReport } from '../stage/index.js'
import { bundleStepModules } from './bundle-step-modules.js'
import { commitOutputs, type CommittedOutput, type StagedPart } from './commit-outputs.js'
import { evaluateAsserts } from './evaluate-asserts.js'
import { emptyStageFailure } from './empty-stage.js'
import { storedStageStats } from './stored-stage-stats.js'
import { resolveInput, type ResolvedInput } from './resolve-inputs.js'
import { retryDelay } from './retry-delay.js'
import { reuseCached } from './reuse-cached.js'
import type { StageSummary } from './run-events.js'
import { egressSteps } from './egress-steps.js'
import { runSlices, type SliceRun } from './run-slices.js'
import type { RunnableStage } from './runnable-stage.js'
import { sinkTarget } from './sink-target.js'
import { pinnedFor } from './run-pins.js'
import { stageCacheKey } from './stage-cache-key.js'
import type { SliceOutcome } from './slice-runner.js'
import { sleep } from './sleep.js'
import { emitStageEvent } from './stage-lineage.js'
import type { StageRunContext } from './stage-run-context.js'
import { stageStats, type StageStats } from './stage-stats.js'

export type { StageRunContext } from './stage-run-context.js'

/**
 * Runs one stage: resolves its inputs, reuses an identical earlier run's outputs when the
 * cache allows, else runs its slices (with retries), checks its asserts, commits its outputs
 * as dataset versions and records lineage. Staging is removed however it ends.
 */
export async function runStage(stage: RunnableStage, ctx: StageRunContext): Promise<StageSummary> {
  const started = Date.now()
  const { barn } = ctx
  const row = await barn.stages.create({
    runId: ctx.runId,
    stage: stage.id,
    nodeHash: stage.nodeHash,
  })
  const self = { id: stage.id, runId: row.id }
  const stageDir = path.join(ctx.stagingRoot, stage.id)
  const summary = (s: Omit<StageSummary, 'id' | 'name' | 'durationMs'>): StageSummary => ({
    id: stage.id,
    name: stage.name,
    durationMs: Date.now() - started,
    ...s,
  })
  let inputs: ResolvedInput[] = []
  let cacheParts: CacheKeyParts
  let sinkFormats: ReturnType<typeof sinkTarget>['format'][] = []
  let attempts = 0
  const fail = async (error: string, stats?: StageStats): Promise<StageSummary> => {
    // A failed stage keeps its evidence: its counts, top reasons and first invalid records.
    if (stats)
      await barn.stages.recordStats(row.id, storedStageStats(stats, true)).catch(() => undefined)
    await barn.stages.transition(row.id, 'failed', { error }).catch(() => undefined)
    await emitStageEvent(ctx, self, 'FAIL', { inputs: inputs.map((i) => i.source.uri), error })
    await rm(stageDir, { recursive: true, force: true })
    return summary({
      status: ctx.signal?.aborted ? 'cancelled' : 'failed',
      outputs: [],
      attempts,
      error,
      ...(stats ? { stats } : {}),
    })
  }
  try {
    inputs = await Promise.all(
      stage.sources.map((s) =>
        resolveInput(s.uri, {
          barn,
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
    await barn.runs.pin(
      ctx.runId,
      inputs.map((i) => i.pin),
    )
    if (ctx.stepBundles)
      await bundleStepModules(stage, ctx, path.join(ctx.stagingRoot, 'steps'), ctx.stepBundles)
    cacheParts = await stageCacheKey(stage, ctx, inputs)
    // Sinks are confined before anything runs: a refused one fails the stage, nothing is written.
    sinkFormats = stage.sinks.map((s) => sinkTarget(s.uri, ctx).format)
  } catch (error) {
    await barn.stages.transition(row.id, 'running').catch(() => undefined)
    return fail((error as Error).message)
  }
  const hit =
    stage.cache && !ctx.noCache ? await barn.cache.lookup(cacheParts, ctx.herd) : undefined
  await barn.cache.noteStage({
    stageRunId: row.id,
    runId: ctx.runId,
    parts: cacheParts,
    hit: !!hit,
    herd: ctx.herd,
  })
  if (hit) {
    let outputs: CommittedOutput[]
    try {
      // Moves the stage run to cached with its outputs, as one unit.
      outputs = await reuseCached(stage, ctx, hit, stageDir, row.id)
    } catch (error) {
      await barn.stages.transition(row.id, 'running').catch(() => undefined)
      return fail(`could not reuse the cached outputs: ${(error as Error).message}`)
    }
    await rm(stageDir, { recursive: true, force: true })
    return summary({ status: 'cached', outputs, attempts: 0 })
  }
  await barn.stages.transition(row.id, 'running')
  await emitStageEvent(ctx, self, 'START', { inputs: inputs.map((i) => i.source.uri) })
  const sources = inputs.map((i) => i.source)
  let lastError = ''
  let lastStats: StageStats | undefined
  const egress = egressSteps(stage, ctx.egress)
  for (attempts = 1; attempts <= Math.max(1, stage.retry.attempts); attempts++) {
    if (ctx.signal?.aborted) return fail('cancelled')
    ctx.emit({
      type: 'stage-started',
      stage: stage.id,
      slices: stage.partition?.n ?? 1,
      attempt: attempts,
      ...(egress.length > 0 ? { egress } : {}),
    })
    const runs = await runSlices(stage, ctx, {
      stageRunId: row.id,
      number: attempts,
      sources,
      sinkFormats,
      egress,
    })
    try {
      const failed = runs
        .map((r) => r.outcome)
        .find((o): o is Extract<SliceOutcome, { ok: false }> => !o.ok)
      if (!failed) {
        const reports = runs.map((r) => (r.outcome as { report: SliceReport }).report)
        const stats = stageStats(reports)
        // Empty is not success: records read, none written, fails unless @empty("allow").
        const empty = emptyStageFailure(stats, stage.allowEmpty === true)
        if (empty !== undefined) return await fail(empty, stats)
        const broken = evaluateAsserts(stage.asserts, stats)
        if (broken.length > 0) return await fail(broken.map((f) => f.message).join('; '), stats)
        await barn.stages.recordStats(row.id, storedStageStats(stats, false))
        let outputs: CommittedOutput[]
        try {
          // One unit: every output's version, the stage's success and its cache entry in one
          // transaction, file sinks renamed into place after it.
          outputs = await commit(stage, ctx, {
            stageRunId: row.id,
            sinkFormats,
            runs,
            stats,
            ...(stage.cache ? { cache: { parts: cacheParts, sliceId: runs[0]!.sliceId } } : {}),
          })
        } catch (error) {
          return await fail(`could not commit outputs: ${(error as Error).message}`, stats)
        }
        await emitStageEvent(ctx, self, 'COMPLETE', {
          inputs: inputs.map((i) => i.source.uri),
          outputs: lineageOutputs(stage, ctx, outputs, stats),
        })
        return summary({
          status: 'succeeded',
          stats,
          outputs,
          attempts,
          isolation: runs[0]!.outcome.isolation,
        })
      }
      lastError = failed.message
      lastStats = failureStats(runs)
      if (!failed.retryable || attempts >= stage.retry.attempts || ctx.signal?.aborted) break
    } finally {
      await removeStaging(runs)
    }
    const delayMs = retryDelay(stage.retry, attempts + 1)
    ctx.emit({
      type: 'stage-retrying',
      stage: stage.id,
      attempt: attempts + 1,
      delayMs,
      error: lastError,
    })
    await sleep(delayMs, ctx.signal)
  }
  return fail(lastError, lastStats)
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

/**
 * Publishes a successful attempt's staged outputs (every slice's part of every sink), the
 * stage's success and its cache entry as one unit (see commitOutputs).
 */
function commit(
  stage: RunnableStage,
  ctx: StageRunContext,
  done: {
    stageRunId: string
    sinkFormats: ReturnType<typeof sinkTarget>['format'][]
    runs: readonly SliceRun[]
    stats: StageStats
    cache?: { parts: CacheKeyParts; sliceId: string }
  },
): Promise<CommittedOutput[]> {
  return commitOutputs({
    ...(done.cache ? { cache: done.cache } : {}),
    barn: ctx.barn,
    herd: ctx.herd,
    baseDir: ctx.baseDir,
    allowedFolders: ctx.allowedFolders ?? [],
    runId: ctx.runId,
    stageRunId: done.stageRunId,
    contractHash: stage.contract.hash,
    sinks: stage.sinks.map((s, k) => ({
      uri: s.uri,
      format: done.sinkFormats[k]!,
      // Staged files as the host named them in each slice's job, in the folder its launcher
      // made; from the slice's report only its (schema-checked) count.
      parts: done.runs.map((r) => stagedPart(r, k)),
      acceptsInvalid: s.acceptsInvalid ?? s.when !== undefined,
    })),
  })
}

/** A successful slice's part of sink `k`. */
function stagedPart(run: SliceRun, k: number): StagedPart {
  const { outcome } = run
  if (!outcome.ok || outcome.stagingDir === undefined)
    throw new Error(`slice ${run.sliceId} has no staging folder to commit from`)
  return {
    stagingDir: outcome.stagingDir,
    file: run.sinkFiles[k]!,
    records: outcome.report.sinks[k]?.records ?? 0,
  }
}

/** Outputs as OpenLineage datasets: schema from the contract, statistics, quality assertions. */
function lineageOutputs(
  stage: RunnableStage,
  ctx: StageRunContext,
  outputs: readonly CommittedOutput[],
  stats: StageStats,
): LineageDataset[] {
  return outputs.map((o) => ({
    ...olDatasetName(o.uri, { herd: ctx.herd, baseDir: ctx.baseDir }),
    contract: stage.contract.model,
    statistics: { rowCount: o.version.recordCount, size: o.version.size, fileCount: 1 },
    assertions: [
      {
        assertion: `contract ${stage.contract.ref}`,
        success: true,
        actual: `${stats.invalid.count} invalid record(s) routed`,
      },
      ...stage.asserts.map((a) => ({ assertion: a, success: true })),
    ],
  }))
}

/** Removes the slices' staging folders: nothing half-written, nothing left over. */
async function removeStaging(runs: readonly SliceRun[]): Promise<void> {
  const dirs = runs.map((r) => r.outcome.stagingDir).filter((d): d is string => d !== undefined)
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
}
