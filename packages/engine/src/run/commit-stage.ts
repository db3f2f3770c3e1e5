import type { Contract } from '@runink/contracts'
import type { CacheKeyParts, LineageUse } from '../ports/index.js'
import { commitOutputs, type CommittedOutput, type StagedPart } from './commit-outputs.js'
import type { SliceRun } from './run-slices.js'
import type { RunnableStage } from './runnable-stage.js'
import type { sinkTarget } from './sink-target.js'
import type { StageRunContext } from './stage-run-context.js'
import type { StageStats } from './stage-stats.js'

/** A successful attempt, ready to publish. */
export interface DoneAttempt {
  readonly stageRunId: string
  readonly sinkFormats: ReturnType<typeof sinkTarget>['format'][]
  readonly runs: readonly SliceRun[]
  readonly stats: StageStats
  readonly cache?: { parts: CacheKeyParts; sliceId: string }
}

/**
 * Publishes a successful attempt's staged outputs (every slice's part of every sink), the
 * stage's success and its cache entry as one unit (see commitOutputs).
 */
export function commitStage(
  stage: RunnableStage,
  ctx: StageRunContext,
  done: DoneAttempt,
): Promise<CommittedOutput[]> {
  return commitOutputs({
    ...(done.cache ? { cache: done.cache } : {}),
    catalog: ctx.catalog,
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

/** Outputs for lineage: schema from the contract, statistics, quality assertions. */
export function lineageOutputs(
  stage: RunnableStage,
  ctx: StageRunContext,
  outputs: readonly CommittedOutput[],
  stats: StageStats,
): LineageUse<Contract>[] {
  return outputs.map((o) => ({
    uri: o.uri,
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
