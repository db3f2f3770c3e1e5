import type { Writable } from 'node:stream'
import { commandIsCancellable } from './signal-exit.js'

/** Whether an error is a write to a pipe whose reader has gone (`runi … | head`). */
export function isClosedPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE'
}

/**
 * Makes a closed pipe on stdout or stderr end `runi` quietly, as `head` expects of the commands
 * it reads: exit 0 at once, no stack trace. A run in progress is not cut short (its Barn and
 * staging need their clean end): it goes on with that stream's output dropped. Any other error
 * of an output stream exits 1 with one line on the other stream.
 */
export function quietOnClosedPipes(
  streams: readonly Writable[],
  exit: (code: number) => never = process.exit,
): void {
  for (const stream of streams) {
    let closed = false
    stream.on('error', (error: unknown) => {
      if (closed) return
      closed = true
      if (isClosedPipe(error)) {
        if (!commandIsCancellable()) exit(0)
        return
      }
      // Any other failure of our own output: one line where it can still go, never a stack trace.
      const other = streams.find((s) => s !== stream && !s.destroyed)
      other?.write(`internal error: cannot write output: ${(error as Error).message}\n`)
      exit(1)
    })
  }
}
