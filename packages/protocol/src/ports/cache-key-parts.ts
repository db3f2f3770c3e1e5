/**
 * Everything that can change a stage's output, as its cache key is made of it. When two
 * stages' parts are equal their outputs are, so one's outputs may stand for the other's.
 */
export interface CacheKeyParts {
  /** Hash of the stage's plan node: sources, steps and their arguments, sinks, asserts. */
  readonly nodeHash: string
  /**
   * The code each step runs, by content (`sha256:`): a TypeScript step's bundle, an exec
   * step's script and every project file its command line names. Keyed by what it is
   * (`module:steps/x.ts`, `exec:steps/score.py`).
   */
  readonly code: Readonly<Record<string, string>>
  readonly contractHashes: readonly string[]
  /** Source URI → content hash (`sha256:`) of the exact bytes read, with their format. */
  readonly inputs: Readonly<Record<string, string>>
  /** The `--param` values the stage reads; null for one it reads that was not given. */
  readonly params: Readonly<Record<string, string | null>>
  /** Engine version, cache format and the runtimes that shape the output (DuckDB, Node). */
  readonly runtime: Readonly<Record<string, string>>
}
