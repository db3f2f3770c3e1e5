/** How a run bound one of its sources to exact bytes. */
export const PinKind = {
  /** Written (or reused from the cache) by `fromStage` in this run. */
  stage: 'stage',
  /** A dataset no stage of the plan writes: its version current when the run started. */
  runStart: 'run-start',
  /** `dataset://name@3`, as written. */
  explicit: 'explicit',
  /** A file, read as it was when its stage started. */
  file: 'file',
} as const
export type PinKind = (typeof PinKind)[keyof typeof PinKind]

/** One source of a run, bound to what its stages read. */
export interface RunPin {
  /** The source URI as the plan writes it (`dataset://silver.trades`, `csv://in.csv`). */
  readonly uri: string
  /** The dataset version read (`dataset://silver.trades@3`); absent for files. */
  readonly ref?: string
  /** `sha256:<hex>` of the bytes read. */
  readonly contentHash: string
  readonly pinned: PinKind
  /** The stage of this run that wrote it (`pinned: stage`). */
  readonly fromStage?: string
}
