import { rm } from 'node:fs/promises'
import path from 'node:path'
import { LifecycleCodes, type RunEnd } from '@runink/lifecycle'
import type { DatasetCatalog, RunLedger } from '../ports/index.js'
import type { RunEvent, RunEventBody, StageSummary } from './run-events.js'
import type { RunnableStage } from './runnable-stage.js'
import { RunPins } from './run-pins.js'
import { NO_GRANTS, type HerdGrants } from './herd-grants.js'
import { runGraph } from './stage-graph.js'
import { outcomeOf } from './outcome-of.js'
import { StageRunCodes } from './stage-run-codes.js'
import { runStage } from './run-stage.js'
import type { SliceRunner } from './slice-runner.js'

/** Everything a pipeline run needs. */
export interface RunPipelineOptions {
  /** Where the plan, the run, its stages and slices, logs and lineage are recorded. */
  readonly ledger: RunLedger
  /** Where datasets resolve, bytes live, the cache answers and outputs are published. */
  readonly catalog: DatasetCatalog
  /** The compiled plan (canonical JSON) and its hash, stored with the run. */
  readonly plan: unknown
  readonly planHash: string
  readonly name: string
  readonly herd: string
  readonly stages: readonly RunnableStage[]
  /** Where relative source and sink paths start: the feature file's folder. */
  readonly baseDir: string
  readonly runner: SliceRunner
  readonly concurrency: number
  readonly noCache?: boolean
  readonly params?: Readonly<Record<string, string>>
  readonly maskKey: string
  /** Staging area for slice outputs; removed when the run ends. */
  readonly stagingDir: string
  readonly signal?: AbortSignal
  readonly actor?: string
  /** What the herd grants the run (read before it starts); default none. */
  readonly grants?: HerdGrants
  readonly onEvent?: (event: RunEvent) => void
}

/** How a run ended. */
export interface RunResult {
  readonly runId: string
  readonly status: 'succeeded' | 'failed' | 'cancelled'
  readonly stages: readonly StageSummary[]
  readonly durationMs: number
}

/**
 * Runs a compiled pipeline: records the plan and the run in the ledger, runs stages in
 * dependency order (independent ones concurrently), and records how each ended. A failed
 * stage's dependents are skipped; the run fails. Staging is removed however the run ends.
 */
export async function runPipeline(options: RunPipelineOptions): Promise<RunResult> {
  const started = Date.now()
  const { ledger, catalog } = options
  const emit = (event: RunEventBody): void => options.onEvent?.({ ...event, version: 1 })
  const stored = await ledger.plans.put(options.plan, {
    name: options.name,
    herd: options.herd,
    ...(options.actor ? { actor: options.actor } : {}),
  })
  const stepCodeHashes = Object.assign(
    {},
    ...options.stages.map((s) => s.stepCodeHashes),
  ) as Record<string, string>
  // Datasets no stage of the plan writes are read as they are now, however long the run takes;
  // the spec records those versions.
  const pins = await RunPins.atRunStart(options.stages, catalog, options.herd, options.baseDir)
  const { run } = await ledger.runs.create({
    planHash: stored.hash,
    herd: options.herd,
    inputs: pins.startVersions(),
    parameters: options.params ?? {},
    stepCodeHashes,
    ...(options.actor ? { actor: options.actor } : {}),
  })
  await ledger.runs.start(run.id, options.actor)
  emit({ type: 'run-started', runId: run.id, stages: options.stages.map((s) => s.id) })
  for (const warning of options.runner.warnings) emit({ type: 'warning', message: warning })
  const grants = options.grants ?? NO_GRANTS
  const stagingRoot = path.join(options.stagingDir, run.id)
  const byId = new Map(options.stages.map((s) => [s.id, s]))
  const summaries = new Map<string, StageSummary>()
  const ctx = {
    ledger,
    catalog,
    herd: options.herd,
    baseDir: options.baseDir,
    allowedFolders: grants.folders,
    runId: run.id,
    job: options.name,
    runner: options.runner,
    stagingRoot,
    maskKey: options.maskKey,
    stepBundles: new Map<string, string>(),
    params: options.params ?? {},
    noCache: options.noCache ?? false,
    pins,
    egress: new Set(grants.egress),
    emit,
    ...(options.signal ? { signal: options.signal } : {}),
  }
  let end: RunEnd
  try {
    end = await runGraph(
      options.stages,
      {
        concurrency: Math.max(1, options.concurrency),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      async (id) => {
        const stage = byId.get(id)!
        const summary = await runStage(stage, ctx).catch((error: unknown): StageSummary => {
          const outcome = outcomeOf(error, StageRunCodes.RUNINK_STAGE_HOST_FAILED)
          return {
            id,
            name: stage.name,
            status: 'failed',
            outputs: [],
            attempts: 0,
            durationMs: 0,
            error: outcome.message,
            code: outcome.code,
            retryable: false,
          }
        })
        summaries.set(id, summary)
        const ok = summary.status === 'succeeded' || summary.status === 'cached'
        // Its dependents read exactly these versions, whatever else is published meanwhile.
        if (ok) pins.produce(id, summary.outputs)
        emit({ type: 'stage-finished', summary })
        return summary.status
      },
      async (id, because) => {
        const stage = byId.get(id)!
        const cancelled = 'cancelled' in because
        const reason = cancelled
          ? 'run cancelled'
          : `upstream stage ${because.upstream} did not succeed`
        const row = await ledger.stages.create({
          runId: run.id,
          stage: id,
          nodeHash: stage.nodeHash,
        })
        await ledger.stages.transition(row.id, 'skipped', { error: `skipped: ${reason}` })
        const summary: StageSummary = {
          id,
          name: stage.name,
          status: cancelled ? 'cancelled' : 'skipped',
          outputs: [],
          attempts: 0,
          durationMs: 0,
          error: reason,
          code: cancelled
            ? LifecycleCodes.RUNINK_RUN_CANCELLED
            : LifecycleCodes.RUNINK_STAGE_UPSTREAM_FAILED,
          retryable: false,
        }
        summaries.set(id, summary)
        emit({ type: 'stage-finished', summary })
      },
    )
  } finally {
    await rm(stagingRoot, { recursive: true, force: true })
  }
  const stages = options.stages.map((s) => summaries.get(s.id)!).filter(Boolean)
  const status = options.signal?.aborted ? 'cancelled' : end
  const firstError = stages.find((s) => s.error)?.error
  await ledger.runs.finish(run.id, status, {
    ...(firstError && status !== 'succeeded' ? { error: firstError } : {}),
    ...(options.actor ? { actor: options.actor } : {}),
  })
  return { runId: run.id, status, stages, durationMs: Date.now() - started }
}
