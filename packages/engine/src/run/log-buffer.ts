import type { RunLedger } from '../ports/index.js'
import { SLICE_STREAM_LIMITS } from './slice-stream-limits.js'

/** A slice's log lines on their way to the Barn. */
export interface LogBuffer {
  add(line: string): void
  /** Adds a line of the host's own (why the slice failed), past the row cap too. */
  note(line: string): void
  /** Appends what is pending; resolves when every earlier append is done. */
  flush(): Promise<void>
}

/**
 * Buffers a slice's log lines and appends them to the Barn in small batches, in order. At most
 * `maxRows` rows are stored per slice: past them one notice row says the rest was dropped.
 */
export function createLogBuffer(
  ledger: Pick<RunLedger, 'logs'>,
  sliceId: string,
  maxRows = SLICE_STREAM_LIMITS.logRows,
): LogBuffer {
  let pending: string[] = []
  let rows = 0
  let chain: Promise<unknown> = Promise.resolve()
  const flush = (): Promise<void> => {
    if (pending.length === 0) return chain.then(() => undefined)
    const lines = pending
    pending = []
    chain = chain
      .then(() =>
        ledger.logs.append(
          sliceId,
          lines.map((line) => ({ stream: 'stderr' as const, line })),
        ),
      )
      .catch(() => undefined)
    return chain.then(() => undefined)
  }
  return {
    add(line) {
      if (rows > maxRows) return
      rows++
      pending.push(
        rows > maxRows
          ? `runink: the slice logged more than ${maxRows} lines; the rest of its log is dropped`
          : line,
      )
      if (pending.length >= 50) void flush()
    },
    note(line) {
      pending.push(line)
    },
    flush,
  }
}
