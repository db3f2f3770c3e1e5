import { RuninkError } from '@runink/core'
import { ServerCodes } from '@runink/protocol'
import type { RunExecutor } from './run-executor.js'

/** The server's executor, or RUNINK_RUNS_UNAVAILABLE when it was started without one. */
export function requireExecutor(executor: RunExecutor | undefined): RunExecutor {
  if (!executor)
    throw new RuninkError(
      ServerCodes.RUNINK_RUNS_UNAVAILABLE,
      'this server runs nothing: it was started without a home to run in',
    )
  return executor
}
