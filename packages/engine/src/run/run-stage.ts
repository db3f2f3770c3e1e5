import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import type { Barn, CacheKeyParts, LineageDataset } from '@runink/store'
import { olDatasetName } from '@runink/store'
import type { FileFormat } from '../connectors/index.js'
import type { SliceJob, SliceReport } from '../stage/index.js'
import { commitOutputs, restoreFileOutput, type CommittedOutput } from './commit-outputs.js'
import { evaluateAsserts } from './evaluate-asserts.js'
import { resolveInput, type ResolvedInput } from './resolve-inputs.js'
import { retryDelay } from './retry-delay.js'
import type { RunEvent, StageSummary } from './run-events.js'
import type { RunnableStage } from './runnable-stage.js'
import { sinkTarget } from './sink-target.js'
import type { SliceOutcome, SliceRunner } from './slice-runner.js'
import { stageStats, type StageStats } from './stage-stats.js'
import { sleep } from './sleep.js'

/** What every stage of a run shares. */
export interface StageRunContext {
  readonly barn: Barn
  readonly herd: string
  readonly baseDir: string
  readonly runId: string
  /** OpenLineage job name of the pipeline (`feature name`); stages are `<job>.<stage>`. */
  readonly job: string
  readonly runner: SliceRunner
  readonly stagingRoot: string
  readonly maskKey: string
  readonly params: Readonly<Record<string, string>>
  readonly noCache: boolean
  readonly signal?: AbortSignal
  emit(event: RunEvent): void
}

const EXT: Readonly<Record<FileFormat, string>> = {
  csv: 'csv',
  jsonl: 'jsonl',
  json: 'json',
  parquet: 'parquet',
}

/** Runs one stage: cache lookup, slices with retries, asserts, commit, lineage. */
export async function runStage(stage: RunnableStage, ctx: StageRunContext): Promise<StageSummary> {
  const started = Date.now()
  const { barn } = ctx
  const stageRun = await barn.stages.create({
    runId: ctx.runId,
    stage: stage.id,
    nodeHash: stage.nodeHash,
  })
  const jobName = { namespace: `runink://${ctx.herd}`, name: `${ctx.job}.${stage.id}` }
  const parent = { runId: ctx.runId, job: { namespace: `runink://${ctx.herd}`, name: ctx.job } }
  const stageDir = path.join(ctx.stagingRoot, stage.id)
  const summary = (s: Omit<StageSummary, 'id' | 'name' | 'durationMs'>): StageSummary => ({
    id: stage.id,
    name: stage.name,
    durationMs: Date.now() - started,
    ...s,
  })
  let inputs: ResolvedInput[] = []
  let attempts = 0
  const lineageIn = (): LineageDataset[] =>
    inputs.map((i) => ({
      ...olDatasetName(i.source.uri, { herd: ctx.herd, baseDir: ctx.baseDir }),
    }))
  const fail = async (error: string, stats?: StageStats): Promise<StageSummary> => {
    await barn.stages.transition(stageRun.id, 'failed', { error }).catch(() => undefined)
    await barn.lineage
      .emit(
        {
          eventType: 'FAIL',
          eventTime: new Date(),
          runId: stageRun.id,
          job: jobName,
          parent,
          inputs: lineageIn(),
          error: { message: error },
        },
        ctx.runId,
      )
      .catch(() => undefined)
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
          inputsDir: path.join(ctx.stagingRoot, 'inputs'),
          ...(s.mode ? { mode: s.mode } : {}),
          ...(s.table ? { table: s.table } : {}),
        }),
      ),
    )
  } catch (error) {
    await barn.stages.transition(stageRun.id, 'running').catch(() => undefined)
    return fail((error as Error).message)
  }
  const cacheParts: CacheKeyParts = {
    nodeHash: stage.nodeHash,
    stepCodeHashes: stage.stepCodeHashes,
    contractHashes: [
      stage.contract.hash,
      ...(stage.inputContract ? [stage.inputContract.hash] : []),
    ],
    inputVersions: inputs.map((i) => i.version),
  }
  if (stage.cache && !ctx.noCache) {
    const hit = await barn.cache.lookup(cacheParts)
    if (hit) {
      const outputs: CommittedOutput[] = []
      for (const version of hit.outputs) {
        const sink = stage.sinks.find((s) => {
          const t = sinkTarget(s.uri, ctx.baseDir)
          return (t.kind === 'dataset' ? t.name : t.datasetName) === version.name
        })
        if (!sink) continue
        const target = sinkTarget(sink.uri, ctx.baseDir)
        if (target.kind === 'file') {
          await mkdir(stageDir, { recursive: true })
          await restoreFileOutput(barn, version, target.path, stageDir)
          outputs.push({ uri: sink.uri, version, path: target.path })
        } else outputs.push({ uri: sink.uri, version })
      }
      await barn.stages.transition(stageRun.id, 'cached', { cacheHit: true })
      return summary({ status: 'cached', outputs, attempts: 0 })
    }
  }
  await barn.stages.transition(stageRun.id, 'running')
  await barn.lineage
    .emit(
      {
        eventType: 'START',
        eventTime: new Date(),
        runId: stageRun.id,
        job: jobName,
        parent,
        inputs: lineageIn(),
      },
      ctx.runId,
    )
    .catch(() => undefined)
  const parts = stage.partition?.n ?? 1
  const sinkFormats = stage.sinks.map((s) => sinkTarget(s.uri, ctx.baseDir).format)
  let lastError = ''
  for (attempts = 1; attempts <= Math.max(1, stage.retry.attempts); attempts++) {
    if (ctx.signal?.aborted) return fail('cancelled')
    ctx.emit({ type: 'stage-started', stage: stage.id, slices: parts, attempt: attempts })
    const attemptDir = path.join(stageDir, `attempt-${attempts}`)
    await mkdir(attemptDir, { recursive: true })
    const progress = Array.from({ length: parts }, () => ({
      recordsIn: 0,
      recordsOut: 0,
      invalid: 0,
    }))
    const outcomes = await Promise.all(
      Array.from({ length: parts }, async (_, index) => {
        const slice = await barn.stages.createSlice({
          stageRunId: stageRun.id,
          partition: index,
          attempt: attempts,
        })
        await barn.stages.startSlice(slice.id, ctx.runner.isolation)
        const job: SliceJob = {
          runId: ctx.runId,
          stageId: stage.id,
          sliceIndex: index,
          attempt: attempts,
          sources: inputs.map((i) => i.source),
          steps: stage.steps.map((s) => (s.kind === 'exec' ? { ...s, cwd: ctx.baseDir } : s)),
          contract: stage.contract.model,
          ...(stage.inputContract ? { inputContract: stage.inputContract.model } : {}),
          // Relative to the slice's own staging folder, which the launcher creates.
          sinks: stage.sinks.map((s, k) => ({
            uri: s.uri,
            stagingPath: `${k}.${EXT[sinkFormats[k]!]}`,
            format: sinkFormats[k]!,
            ...(s.when !== undefined ? { when: s.when } : {}),
            ...(s.role !== undefined ? { role: s.role } : {}),
          })),
          params: ctx.params,
          maskKey: ctx.maskKey,
          ...(parts > 1
            ? {
                partition: {
                  ...(stage.partition?.by ? { by: stage.partition.by } : {}),
                  n: parts,
                  index,
                },
              }
            : {}),
        }
        const logs = createLogBuffer(barn, slice.id)
        const outcome: SliceOutcome = await ctx.runner
          .run(job, stage.resources, {
            ...(ctx.signal ? { signal: ctx.signal } : {}),
            onLog: (line) => logs.add(line),
            onProgress: (p) => {
              progress[index] = p
              const sum = progress.reduce((a, b) => ({
                recordsIn: a.recordsIn + b.recordsIn,
                recordsOut: a.recordsOut + b.recordsOut,
                invalid: a.invalid + b.invalid,
              }))
              ctx.emit({ type: 'stage-progress', stage: stage.id, ...sum })
            },
          })
          .catch((error: unknown): SliceOutcome => ({
            ok: false,
            end: 'failed',
            code: 'RUNINK_SLICE_LAUNCH_FAILED',
            message: `could not start the slice: ${error instanceof Error ? error.message : String(error)}`,
            isolation: ctx.runner.isolation,
            retryable: false,
          }))
        await logs.flush()
        const counts = outcome.ok
          ? {
              recordsIn: outcome.report.recordsIn,
              recordsOut: outcome.report.recordsOut,
              recordsInvalid: outcome.report.invalid,
            }
          : {}
        await barn.stages.finishSlice(
          slice.id,
          outcome.ok ? 'succeeded' : outcome.end === 'cancelled' ? 'cancelled' : 'failed',
          {
            ...counts,
            ...(outcome.ok ? {} : { error: outcome.message }),
          },
        )
        return { outcome, job, sliceId: slice.id }
      }),
    )
    const failed = outcomes.find((o) => !o.outcome.ok)
    if (!failed) {
      const reports = outcomes.map((o) => (o.outcome as { report: SliceReport }).report)
      const stats = stageStats(reports)
      const assertFailures = evaluateAsserts(stage.asserts, stats)
      if (assertFailures.length > 0) {
        await removeStaging(
          outcomes.map((o) => o.outcome),
          stageDir,
        )
        return fail(assertFailures.map((f) => f.message).join('; '), stats)
      }
      const outputs = await commitOutputs({
        barn,
        herd: ctx.herd,
        baseDir: ctx.baseDir,
        runId: ctx.runId,
        stageRunId: stageRun.id,
        contractHash: stage.contract.hash,
        sinks: stage.sinks.map((s, k) => ({
          uri: s.uri,
          format: sinkFormats[k]!,
          stagingPaths: reports.map((r) => r.sinks[k]!.stagingPath),
          acceptsInvalid: s.acceptsInvalid ?? s.when !== undefined,
        })),
        reports,
      })
      if (stage.cache)
        await barn.cache.record(
          cacheParts,
          outcomes[0]!.sliceId,
          outputs.map((o) => o.version.id),
          ctx.herd,
        )
      await barn.stages.transition(stageRun.id, 'succeeded')
      await barn.lineage
        .emit(
          {
            eventType: 'COMPLETE',
            eventTime: new Date(),
            runId: stageRun.id,
            job: jobName,
            parent,
            inputs: lineageIn(),
            outputs: outputs.map((o) => ({
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
            })),
          },
          ctx.runId,
        )
        .catch(() => undefined)
      await rm(stageDir, { recursive: true, force: true })
      return summary({
        status: 'succeeded',
        stats,
        outputs,
        attempts,
        isolation: outcomes[0]!.outcome.isolation,
      })
    }
    const f = failed.outcome as Extract<SliceOutcome, { ok: false }>
    lastError = f.end === 'ok' || f.end === 'failed' ? f.message : `${f.message}`
    await removeStaging(
      outcomes.map((o) => o.outcome),
      attemptDir,
    )
    if (!f.retryable || attempts >= stage.retry.attempts || ctx.signal?.aborted) break
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
  await rm(stageDir, { recursive: true, force: true })
  return fail(lastError)
}

/** Buffers a slice's log lines and appends them to the Barn in small batches. */
function createLogBuffer(
  barn: Barn,
  sliceId: string,
): { add(line: string): void; flush(): Promise<void> } {
  let pending: string[] = []
  let chain: Promise<unknown> = Promise.resolve()
  const flush = (): Promise<void> => {
    if (pending.length === 0) return chain.then(() => undefined)
    const lines = pending
    pending = []
    chain = chain
      .then(() =>
        barn.logs.append(
          sliceId,
          lines.map((line) => ({ stream: 'stderr' as const, line })),
        ),
      )
      .catch(() => undefined)
    return chain.then(() => undefined)
  }
  return {
    add(line) {
      pending.push(line)
      if (pending.length >= 50) void flush()
    },
    flush,
  }
}

/** Removes the slices' staging folders (and the stage's own): nothing half-written stays. */
async function removeStaging(outcomes: readonly SliceOutcome[], dir: string): Promise<void> {
  const dirs = [
    dir,
    ...outcomes.map((o) => o.stagingDir).filter((d): d is string => d !== undefined),
  ]
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
}
