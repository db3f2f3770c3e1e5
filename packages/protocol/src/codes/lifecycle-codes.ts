import { codesOf, type CodeTable } from './error-kind.js'

/** Every error code of `@runink/lifecycle` with its kind, by the constant that names it. */
export const LIFECYCLE_CODE_KINDS = {
  /** Codes of the endings the lifecycle itself decides, and of its own misuse. */
  LifecycleCodes: {
    /** The run was cancelled (Ctrl-C, SIGTERM, `runi cancel`) before the stage finished. */
    RUNINK_RUN_CANCELLED: 'failed',
    /** Not run: a stage it depends on did not succeed. */
    RUNINK_STAGE_UPSTREAM_FAILED: 'failed',
    /** An event that cannot happen in the state it was given: a bug in the driver. */
    RUNINK_LIFECYCLE_BAD_EVENT: 'internal',
    /** Stages wait on each other and none runs: the graph has a cycle (the compiler refuses one). */
    RUNINK_LIFECYCLE_STUCK: 'internal',
  },
} as const satisfies Readonly<Record<string, CodeTable>>

/** Codes of the endings the lifecycle itself decides, and of its own misuse. */
export const LifecycleCodes = codesOf(LIFECYCLE_CODE_KINDS.LifecycleCodes)
