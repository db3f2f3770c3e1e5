import type { Clock } from '@runink/core'
import type { DatasetCatalog, RunLedger } from '../ports/index.js'
import type { AllowedFolder } from './confined-path.js'
import type { RunEventBody } from './run-events.js'
import type { RunPins } from './run-pins.js'
import type { SliceRunner } from './slice-runner.js'

/** What every stage of a run shares. */
export interface StageRunContext {
  /** Where run, stage and slice state, logs and lineage go. */
  readonly ledger: RunLedger
  /** Where datasets resolve, bytes live, the cache answers and outputs are published. */
  readonly catalog: DatasetCatalog
  readonly herd: string
  readonly baseDir: string
  /** Outside folders the herd allows file sources (and writable ones, sinks) in. */
  readonly allowedFolders?: readonly AllowedFolder[]
  readonly runId: string
  /** OpenLineage job name of the pipeline (`feature name`); stages are `<job>.<stage>`. */
  readonly job: string
  readonly runner: SliceRunner
  readonly stagingRoot: string
  readonly maskKey: string
  /** Step modules bundled for this run (module path → bundle file): slices mount only these. */
  readonly stepBundles?: Map<string, string>
  readonly params: Readonly<Record<string, string>>
  readonly noCache: boolean
  /**
   * What the run's `dataset://` sources are bound to: a dataset a stage of the plan writes is
   * read as that stage committed it in this run, any other as it was at run start. Without
   * it, a source reads the latest version when its stage starts.
   */
  readonly pins?: RunPins
  /** Step names the herd grants network egress to (`runi herd egress grant`). */
  readonly egress: ReadonlySet<string>
  readonly signal?: AbortSignal
  /** Where stage times come from (default: the system clock). */
  readonly clock?: Clock
  emit(event: RunEventBody): void
}
