import type { Readable, Writable } from 'node:stream'
import { boundedLines } from './bounded-lines.js'

/** The longest message line read: a longer one (a flood) is reported malformed, in linear time. */
export const MAX_MESSAGE_BYTES = 64 * 1024
/** Messages kept for a listener that has not come yet; later ones are dropped. */
export const MAX_BACKLOG = 1024

/**
 * NDJSON over a byte stream: one JSON value per line. Messages that arrive before anyone
 * listens are kept and replayed to the first listener, so none is lost to a race. The other
 * end may be a hostile slice: lines and the backlog are bounded (MAX_MESSAGE_BYTES,
 * MAX_BACKLOG) and each chunk costs O(chunk), however long a line it sends.
 */
export class MessageChannel {
  private readonly listeners: Array<(message: unknown) => void> = []
  private readonly backlog: unknown[] = []
  private readonly lines = boundedLines(MAX_MESSAGE_BYTES, (line, cut) => {
    if (cut > 0) this.deliver({ type: 'malformed', line: `longer than ${MAX_MESSAGE_BYTES} bytes` })
    else if (line.trim() !== '') this.deliver(parseLine(line))
  })

  constructor(
    readable: Readable | null,
    private readonly writable: Writable | null,
  ) {
    readable?.on('data', (chunk: Buffer) => this.lines.push(chunk))
    readable?.on('error', () => undefined)
    writable?.on('error', () => undefined)
  }

  /** Writes one message as a line. */
  send(message: unknown): void {
    if (this.writable === null || this.writable.destroyed) return
    this.writable.write(`${JSON.stringify(message)}\n`)
  }

  /** Delivers every message (first the ones received so far) to `listener`. */
  onMessage(listener: (message: unknown) => void): void {
    this.listeners.push(listener)
    if (this.listeners.length === 1) for (const m of this.backlog.splice(0)) listener(m)
  }

  private deliver(message: unknown): void {
    if (this.listeners.length === 0 && this.backlog.length < MAX_BACKLOG) this.backlog.push(message)
    for (const listener of this.listeners) listener(message)
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown
  } catch {
    return { type: 'malformed', line }
  }
}
