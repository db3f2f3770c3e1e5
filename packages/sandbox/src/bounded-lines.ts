/** Splits a byte stream into lines of at most a given length. */
export interface BoundedLines {
  /** Takes a chunk; calls `onLine` for each line it completes. O(chunk). */
  push(chunk: Buffer): void
  /** Delivers the last line when it did not end with a newline. */
  end(): void
}

/**
 * Splits a stream into lines in linear time: each chunk is scanned once for newlines, and at
 * most `maxBytes` of a line are kept. A longer line is delivered cut, with `cutBytes` saying
 * how many bytes were dropped (a line of 1.5 GiB costs 64 KiB of memory, not 1.5 GiB).
 */
export function boundedLines(
  maxBytes: number,
  onLine: (line: string, cutBytes: number) => void,
): BoundedLines {
  let kept: Buffer[] = []
  let keptBytes = 0
  let cut = 0
  let open = false
  const take = (part: Buffer): void => {
    open = true
    const room = maxBytes - keptBytes
    if (room <= 0) {
      cut += part.length
      return
    }
    // A copy: the chunk may be large and must not stay alive for a few bytes of it.
    const piece = Buffer.from(part.subarray(0, room))
    kept.push(piece)
    keptBytes += piece.length
    cut += part.length - piece.length
  }
  const deliver = (): void => {
    const line = Buffer.concat(kept, keptBytes).toString('utf8')
    const dropped = cut
    kept = []
    keptBytes = 0
    cut = 0
    open = false
    onLine(line.endsWith('\r') ? line.slice(0, -1) : line, dropped)
  }
  return {
    push(chunk) {
      let from = 0
      for (;;) {
        const nl = chunk.indexOf(10, from)
        if (nl === -1) break
        take(chunk.subarray(from, nl))
        deliver()
        from = nl + 1
      }
      if (from < chunk.length) take(chunk.subarray(from))
    },
    end() {
      if (open) deliver()
    },
  }
}
