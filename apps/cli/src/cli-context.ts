import type { CliIo } from './cli-io.js'
import { reportError } from './report-error.js'
import { BarnHeldError } from './serve/barn-held-error.js'
import { forwardCommand } from './serve/forward-command.js'
import { isForwardable } from './serve/forwardable.js'

/** Shared state of one CLI invocation: its IO and the exit code the commands set. */
export interface CliContext {
  readonly io: CliIo
  exitCode: number
  /** The invocation's arguments, as given (without `node` and the script). */
  readonly argv: readonly string[]
  /** Runs another `runi` command line in this process (a run answering read-only commands). */
  readonly answer: (argv: readonly string[], io: CliIo) => Promise<number>
}

/**
 * Wraps a command action: its resolved number becomes the exit code, and any error is printed
 * as one line and mapped to its exit code. A read-only command whose embedded Barn is held by a
 * running `runi run` is answered by that run; if the run has ended meanwhile, it runs here.
 */
export function action<A extends unknown[]>(
  ctx: CliContext,
  fn: (...args: A) => Promise<number> | number,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      ctx.exitCode = await fn(...args)
    } catch (error) {
      if (error instanceof BarnHeldError && error.holder.socket && isForwardable(ctx.argv)) {
        const code = await forwardCommand(error.holder.socket, ctx.argv, ctx.io)
        if (code !== undefined) {
          ctx.exitCode = code
          return
        }
        try {
          ctx.exitCode = await fn(...args)
        } catch (again) {
          ctx.exitCode = reportError(ctx.io, again)
        }
        return
      }
      ctx.exitCode = reportError(ctx.io, error)
    }
  }
}
