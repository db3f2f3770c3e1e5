import { ExitCode, isRuninkError } from '@runink/core'
import { surfaceOf } from '@runink/protocol'
import type { CliIo } from './cli-io.js'
import { isClosedPipe } from './closed-pipe.js'
import { colorsFor, eprintln } from './output.js'

/**
 * Prints an error as one line (never a stack trace unless RUNINK_DEBUG is set) and returns the
 * exit code its code maps to. Errors we did not raise on purpose are internal: exit 1. A closed
 * output pipe is no error: exit 0, silent.
 */
export function reportError(io: CliIo, error: unknown): number {
  const c = colorsFor(io, 'stderr')
  // The reader of our output went away (`| head`): nothing went wrong, nobody reads a message.
  if (isClosedPipe(error) && (io.stdout.destroyed || io.stderr.destroyed)) return ExitCode.ok
  if (io.env.RUNINK_DEBUG && error instanceof Error && error.stack) eprintln(io, error.stack)
  if (isRuninkError(error)) {
    eprintln(io, `${c.red('error')}: ${error.message} ${c.dim(`[${error.code}]`)}`)
    return surfaceOf(error.code).exit
  }
  const message = error instanceof Error ? error.message : String(error)
  eprintln(io, `${c.red('internal error')}: ${message} (set RUNINK_DEBUG=1 for details)`)
  return ExitCode.failed
}
