import { defineErrorCodes, ErrorKind } from '@runink/core'

/** Codes of how the host ends a stage (its slices' own failures carry their codes). */
export const StageRunCodes = defineErrorCodes({
  /** Records read, none written: empty is not success (`@empty("allow")` where intended). */
  RUNINK_STAGE_EMPTY: ErrorKind.failed,
  /** An `@assert` of the scenario did not hold. */
  RUNINK_STAGE_ASSERT_FAILED: ErrorKind.failed,
  /** Resolving inputs, bundling steps, keying the cache or confining sinks failed. */
  RUNINK_STAGE_PREPARE_FAILED: ErrorKind.failed,
  /** A cache hit's outputs could not be reused. */
  RUNINK_STAGE_REUSE_FAILED: ErrorKind.failed,
  /** A successful attempt's outputs could not be published. */
  RUNINK_STAGE_COMMIT_FAILED: ErrorKind.failed,
  /** The host itself failed while driving the stage (the Barn went away, a bug). */
  RUNINK_STAGE_HOST_FAILED: ErrorKind.internal,
})
