import type { Barn } from '@runink/store'

/** A slice's log lines on their way to the Barn. */
export interface LogBuffer {
  add(line: string): void
  /** Appends what is pending; resolves when every earlier append is done. */
  flush(): Promise<void>
}

/** Buffers a slice's log lines and appends them to the Barn in small batches, in order. */
export function createLogBuffer(barn: Barn, sliceId: string): LogBuffer {
  let pending: string[] = []
  let chain: Promise<unknown> = Promise.resolve()
  const flush = (): Promise<void> => {
    if (pending.length === 0) return chain.then(() => undefined)
    const lines = pending
    pending = []
    chain = chain
      .then(() =>
        barn.logs.append(
          sliceId,
          lines.map((line) => ({ stream: 'stderr' as const, line })),
        ),
      )
      .catch(() => undefined)
    return chain.then(() => undefined)
  }
  return {
    add(line) {
      pending.push(line)
      if (pending.length >= 50) void flush()
    },
    flush,
  }
}
