import type { SliceExitReason } from '@runink/core'
import { codesOf, type CodeTable } from './error-kind.js'

/** Every error code of `@runink/engine` with its kind, by the constant that names it. */
export const ENGINE_CODE_KINDS = {
  /** Error codes of the `sql` step. */
  SqlCodes: {
    RUNINK_SQL_FAILED: 'failed',
  },
  /** Error codes of sources and sinks. */
  ConnectorCodes: {
    RUNINK_SOURCE_NOT_FOUND: 'input',
    RUNINK_SOURCE_MALFORMED: 'input',
    /** A 0-byte file (or, for CSV, one without a header row): not even an empty table. */
    RUNINK_SOURCE_EMPTY: 'input',
    RUNINK_SOURCE_UNSUPPORTED: 'input',
    RUNINK_SINK_FAILED: 'failed',
  },
  /** Error codes of a running stage. */
  StageCodes: {
    RUNINK_STAGE_UNROUTED_INVALID: 'failed',
    RUNINK_STAGE_STEP_FAILED: 'failed',
    RUNINK_STAGE_BAD_EXPRESSION: 'input',
    RUNINK_STAGE_UNKNOWN_STEP: 'input',
    RUNINK_STAGE_BAD_PARAM: 'input',
    RUNINK_STAGE_QUALITY_FAILED: 'failed',
  },
  /** Codes of how the host ends a stage (its slices' own failures carry their codes). */
  StageRunCodes: {
    /** Records read, none written: empty is not success (`@empty("allow")` where intended). */
    RUNINK_STAGE_EMPTY: 'failed',
    /** An `@assert` of the scenario did not hold. */
    RUNINK_STAGE_ASSERT_FAILED: 'failed',
    /** Resolving inputs, bundling steps, keying the cache or confining sinks failed. */
    RUNINK_STAGE_PREPARE_FAILED: 'failed',
    /** A cache hit's outputs could not be reused. */
    RUNINK_STAGE_REUSE_FAILED: 'failed',
    /** A successful attempt's outputs could not be published. */
    RUNINK_STAGE_COMMIT_FAILED: 'failed',
    /** The host itself failed while driving the stage (the Barn went away, a bug). */
    RUNINK_STAGE_HOST_FAILED: 'internal',
    /** A slice could not be started: its runner failed before the slice ran. */
    RUNINK_SLICE_LAUNCH_FAILED: 'internal',
  },
  /** Error codes of turning a plan into runnable stages. */
  PlanRunCodes: {
    RUNINK_RUN_CONTRACT_CHANGED: 'conflict',
    RUNINK_RUN_CONTRACT_MISSING: 'input',
  },
  /** Error codes of making a stage's cache key. */
  CacheKeyCodes: {
    /** A file the key is made of (a step's bundle, a script an exec step names) cannot be read. */
    RUNINK_RUN_CACHE_KEY_UNREADABLE: 'input',
  },
  /** Error codes of binding a run's `dataset://` sources. */
  PinCodes: {
    /** A source written by a stage of the plan was read before that stage committed it. */
    RUNINK_RUN_INPUT_NOT_PRODUCED: 'internal',
  },
  /** Error codes of what a slice sends back or leaves in its staging folder. */
  SliceCodes: {
    /** A result, progress or other message of the slice does not match its schema or its job. */
    RUNINK_SLICE_BAD_MESSAGE: 'failed',
    /** The slice wrote more on stdout than a result line may take. */
    RUNINK_SLICE_OUTPUT_TOO_LARGE: 'failed',
    /** A staged output is not a regular file inside the slice's staging folder. */
    RUNINK_SLICE_BAD_STAGING: 'failed',
  },
  /** How a slice process ended without a result: one code per exit reason but `ok`. */
  SliceExitCodes: {
    /** It exited or crashed before reporting a result (retried under `@retry`). */
    RUNINK_SLICE_FAILED: 'failed',
    /** It ran past its `timeout` (retried under `@retry`). */
    RUNINK_SLICE_TIMEOUT: 'failed',
    /** It went over its memory limit (the cgroup's OOM killer; not retried). */
    RUNINK_SLICE_MEMORY: 'failed',
    /** It started more processes than its pids limit allows (not retried). */
    RUNINK_SLICE_PIDS: 'failed',
    /** It wrote more than its disk limit into its staging folder (not retried). */
    RUNINK_SLICE_DISK: 'failed',
    /** It was killed from outside (retried under `@retry`). */
    RUNINK_SLICE_KILLED: 'failed',
    /** The run was cancelled while it ran. */
    RUNINK_SLICE_CANCELLED: 'failed',
  },
  /** Error codes of confining source and sink paths. */
  PathCodes: {
    /** A file source or sink resolves outside the project and no herd grant allows its folder. */
    RUNINK_PATH_OUTSIDE_PROJECT: 'input',
    /** A file source or sink resolves inside a Barn (`.runink/`) or runs' staging (`.runink-staging/`). */
    RUNINK_PATH_IN_BARN: 'input',
  },
} as const satisfies Readonly<Record<string, CodeTable>>

/** Error codes of the `sql` step. */
export const SqlCodes = codesOf(ENGINE_CODE_KINDS.SqlCodes)

/** Error codes of sources and sinks. */
export const ConnectorCodes = codesOf(ENGINE_CODE_KINDS.ConnectorCodes)

/** Error codes of a running stage. */
export const StageCodes = codesOf(ENGINE_CODE_KINDS.StageCodes)

/** Codes of how the host ends a stage (its slices' own failures carry their codes). */
export const StageRunCodes = codesOf(ENGINE_CODE_KINDS.StageRunCodes)

/** Error codes of turning a plan into runnable stages. */
export const PlanRunCodes = codesOf(ENGINE_CODE_KINDS.PlanRunCodes)

/** Error codes of making a stage's cache key. */
export const CacheKeyCodes = codesOf(ENGINE_CODE_KINDS.CacheKeyCodes)

/** Error codes of binding a run's `dataset://` sources. */
export const PinCodes = codesOf(ENGINE_CODE_KINDS.PinCodes)

/** Error codes of what a slice sends back or leaves in its staging folder. */
export const SliceCodes = codesOf(ENGINE_CODE_KINDS.SliceCodes)
export type SliceCode = keyof typeof SliceCodes

/** How a slice process ended without a result: one code per exit reason but `ok`. */
export const SliceExitCodes = codesOf(ENGINE_CODE_KINDS.SliceExitCodes)

/** The code of a slice that ended for `reason` without a result (`ok` without one: failed). */
export function sliceExitCode(reason: SliceExitReason): keyof typeof SliceExitCodes {
  return reason === 'ok' ? 'RUNINK_SLICE_FAILED' : SLICE_EXIT_CODES[reason]
}

const SLICE_EXIT_CODES: Readonly<
  Record<Exclude<SliceExitReason, 'ok'>, keyof typeof SliceExitCodes>
> = {
  failed: 'RUNINK_SLICE_FAILED',
  timeout: 'RUNINK_SLICE_TIMEOUT',
  memory: 'RUNINK_SLICE_MEMORY',
  pids: 'RUNINK_SLICE_PIDS',
  disk: 'RUNINK_SLICE_DISK',
  killed: 'RUNINK_SLICE_KILLED',
  cancelled: 'RUNINK_SLICE_CANCELLED',
}

/** Error codes of confining source and sink paths. */
export const PathCodes = codesOf(ENGINE_CODE_KINDS.PathCodes)
