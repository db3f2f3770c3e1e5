import type { BarnContext } from '../../barn-context.js'
import { CacheRepo, type StageCacheKey } from '../datasets/cache-repo.js'
import type { DatasetVersion } from '../datasets/dataset-version.js'
import { DatasetsRepo } from '../datasets/datasets-repo.js'
import type { RunPin } from '@runink/core'
import { RunsRepo, type Run } from './runs-repo.js'
import { StagesRepo, type Slice, type StageRun } from './stages-repo.js'

/** Record counts summed over slices. */
export interface RecordCounts {
  readonly recordsIn: number
  readonly recordsOut: number
  readonly recordsInvalid: number
}

/** Everything `runi status <run>` shows. */
export interface RunDetail {
  readonly run: Run
  readonly stages: ReadonlyArray<
    StageRun & {
      readonly slices: readonly Slice[]
      readonly counts: RecordCounts
      /** The stage's cache key, what it was made of, and whether it hit (absent: not looked up). */
      readonly cache?: Omit<StageCacheKey, 'stageRunId'>
    }
  >
  /** What the run read: each source bound to a dataset version or file content. */
  readonly inputs: readonly RunPin[]
  readonly counts: RecordCounts
  readonly datasets: readonly DatasetVersion[]
}

const sum = (slices: readonly Slice[]): RecordCounts => ({
  recordsIn: slices.reduce((n, s) => n + s.recordsIn, 0),
  recordsOut: slices.reduce((n, s) => n + s.recordsOut, 0),
  recordsInvalid: slices.reduce((n, s) => n + s.recordsInvalid, 0),
})

/** A run with its stages, slices, summed counts (last attempt per partition) and outputs. */
export async function runDetail(ctx: BarnContext, runId: string): Promise<RunDetail> {
  const runs = new RunsRepo(ctx)
  const run = await runs.get(runId)
  const stagesRepo = new StagesRepo(ctx)
  const [stageRuns, slices, datasets, inputs, keys] = await Promise.all([
    stagesRepo.ofRun(runId),
    stagesRepo.slicesOfRun(runId),
    new DatasetsRepo(ctx).writtenBy(runId),
    runs.pins(runId),
    new CacheRepo(ctx).keysOfRun(runId),
  ])
  const stages = stageRuns.map((stage) => {
    const own = slices.filter((s) => s.stageRunId === stage.id)
    // Retried partitions count once: the latest attempt is the one that stands.
    const latest = new Map<number, Slice>()
    for (const s of own)
      if ((latest.get(s.partition)?.attempt ?? 0) < s.attempt) latest.set(s.partition, s)
    const key = keys.get(stage.id)
    return {
      ...stage,
      slices: own,
      counts: sum([...latest.values()]),
      ...(key ? { cache: { key: key.key, hit: key.hit, components: key.components } } : {}),
    }
  })
  const counts = {
    recordsIn: stages.reduce((n, s) => n + s.counts.recordsIn, 0),
    recordsOut: stages.reduce((n, s) => n + s.counts.recordsOut, 0),
    recordsInvalid: stages.reduce((n, s) => n + s.counts.recordsInvalid, 0),
  }
  return { run, stages, counts, datasets, inputs }
}
