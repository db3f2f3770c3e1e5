import type { CacheKeyParts, DatasetVersion, PendingFile } from '@runink/protocol'

/** A cache hit: the slice that produced the outputs, and the outputs. */
export interface CacheHit {
  readonly sliceId: string
  readonly outputs: readonly DatasetVersion[]
}

/** What a stage publishes as one unit (see DatasetCatalog.commits). */
export interface StageCommit {
  readonly stageRunId: string
  /** One per sink; their objects are in the store already. */
  readonly versions: ReadonlyArray<{
    readonly name: string
    readonly objectKey: string
    readonly format: string
    readonly recordCount: number
    readonly contractHash: string
    readonly herd: string
    readonly runId: string
    readonly stageRunId: string
  }>
  /** The stage's prepared file sinks, each with the object holding its bytes. */
  readonly files: ReadonlyArray<{ readonly id: string; readonly objectKey: string }>
  /** Records the outputs in the cache under these parts, for this slice. */
  readonly cache?: {
    readonly parts: CacheKeyParts
    readonly sliceId: string
    readonly herd: string
  }
}

/**
 * The engine's port for data: resolving `dataset://` references, object bytes by content key,
 * the stage cache, and publishing a stage's outputs as one unit. Locally the Barn (store's
 * `barnDatasetCatalog`); for an agent, the control plane over HTTP.
 */
export interface DatasetCatalog {
  readonly datasets: {
    /** `dataset://name` (the latest version) or `dataset://name@3`, in a herd. */
    resolve(ref: string, herd: string): Promise<DatasetVersion>
  }
  readonly objects: {
    get(key: string): Promise<AsyncIterable<Uint8Array>>
    put(body: AsyncIterable<Uint8Array> | Uint8Array): Promise<{ key: string; size: number }>
  }
  readonly cache: {
    lookup(parts: CacheKeyParts, herd: string): Promise<CacheHit | undefined>
    /** Records the key a stage run looked up, its parts, and whether it hit. */
    noteStage(input: {
      stageRunId: string
      runId: string
      parts: CacheKeyParts
      hit: boolean
      herd: string
    }): Promise<unknown>
    /** Takes a hit's outputs as the stage run's and moves it to `cached`, as one unit. */
    reuse(input: {
      outputs: readonly DatasetVersion[]
      herd: string
      runId: string
      stageRunId: string
    }): Promise<DatasetVersion[]>
  }
  /**
   * A stage's outputs published as one unit: file sinks prepared first (their bytes written to
   * the temporary names returned), then every version, the stage's success and its cache entry
   * in one transaction, then the files renamed into place (or rolled back).
   */
  readonly commits: {
    prepareFiles(input: {
      runId: string
      stageRunId: string
      targets: readonly string[]
    }): Promise<PendingFile[]>
    commit(input: StageCommit): Promise<DatasetVersion[]>
    finishFiles(stageRunId: string): Promise<void>
    rollbackFiles(stageRunId: string): Promise<void>
  }
}
