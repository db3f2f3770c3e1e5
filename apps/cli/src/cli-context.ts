import type { CliIo } from './cli-io.js'
import { reportError } from './report-error.js'

/** Shared state of one CLI invocation: its IO and the exit code the commands set. */
export interface CliContext {
  readonly io: CliIo
  exitCode: number
}

/**
 * Wraps a command action: its resolved number becomes the exit code, and any error is printed
 * as one line and mapped to its exit code.
 */
export function action<A extends unknown[]>(
  ctx: CliContext,
  fn: (...args: A) => Promise<number> | number,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      ctx.exitCode = await fn(...args)
    } catch (error) {
      ctx.exitCode = reportError(ctx.io, error)
    }
  }
}
