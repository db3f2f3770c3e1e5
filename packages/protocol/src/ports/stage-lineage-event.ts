/**
 * A dataset a stage read or wrote, for lineage: by URI (the ledger names it by the OpenLineage
 * rules), with the contract it holds (`C`: `@runink/contracts`' Contract, which this package
 * cannot import), its statistics and quality assertions.
 */
export interface LineageUse<C = unknown> {
  readonly uri: string
  readonly contract?: C
  readonly assertions?: ReadonlyArray<{
    readonly assertion: string
    readonly success: boolean
    readonly actual?: string
  }>
  readonly statistics?: {
    readonly rowCount?: number
    readonly size?: number
    readonly fileCount?: number
  }
}

/** One stage run's lineage event: START, then COMPLETE or FAIL. */
export interface StageLineageEvent<C = unknown> {
  readonly eventType: 'START' | 'COMPLETE' | 'FAIL'
  readonly eventTime: Date
  /** The pipeline run. */
  readonly runId: string
  /** The stage run (a job run inside the pipeline run). */
  readonly stageRunId: string
  /** The pipeline's job name (the feature's name); the stage's is `<job>.<stage>`. */
  readonly job: string
  readonly stage: string
  readonly herd: string
  /** Where relative file URIs start (file datasets are named by absolute path). */
  readonly baseDir: string
  readonly inputs: ReadonlyArray<LineageUse<C>>
  readonly outputs?: ReadonlyArray<LineageUse<C>>
  readonly error?: string
}
