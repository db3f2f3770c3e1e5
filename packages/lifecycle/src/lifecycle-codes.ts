import { defineErrorCodes, ErrorKind } from '@runink/core'

/** Codes of the endings the lifecycle itself decides, and of its own misuse. */
export const LifecycleCodes = defineErrorCodes({
  /** The run was cancelled (Ctrl-C, SIGTERM, `runi cancel`) before the stage finished. */
  RUNINK_RUN_CANCELLED: ErrorKind.failed,
  /** Not run: a stage it depends on did not succeed. */
  RUNINK_STAGE_UPSTREAM_FAILED: ErrorKind.failed,
  /** An event that cannot happen in the state it was given: a bug in the driver. */
  RUNINK_LIFECYCLE_BAD_EVENT: ErrorKind.internal,
  /** Stages wait on each other and none runs: the graph has a cycle (the compiler refuses one). */
  RUNINK_LIFECYCLE_STUCK: ErrorKind.internal,
})
