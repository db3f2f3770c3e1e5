import type { Readable, Writable } from 'node:stream'

/** The longest message line kept: a longer one (a flood) is skipped in linear time. */
export const MAX_MESSAGE_CHARS = 64 * 1024
/** Messages kept for a listener that has not come yet; later ones are dropped. */
export const MAX_BACKLOG = 1024

/**
 * NDJSON over a byte stream: one JSON value per line. Messages that arrive before anyone
 * listens are kept and replayed to the first listener, so none is lost to a race. The other
 * end may be a hostile slice: lines and the backlog are bounded (MAX_MESSAGE_CHARS,
 * MAX_BACKLOG) and each chunk costs O(chunk), however long a line it sends.
 */
export class MessageChannel {
  private readonly listeners: Array<(message: unknown) => void> = []
  private readonly backlog: unknown[] = []
  private partial = ''
  private overlong = false

  constructor(
    readable: Readable | null,
    private readonly writable: Writable | null,
  ) {
    readable?.setEncoding('utf8')
    readable?.on('data', (chunk: string) => this.receive(chunk))
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

  private receive(chunk: string): void {
    for (let from = 0; ;) {
      const nl = chunk.indexOf('\n', from)
      const piece = chunk.slice(from, nl === -1 ? undefined : nl)
      if (this.overlong || this.partial.length + piece.length > MAX_MESSAGE_CHARS) {
        this.overlong = true
        this.partial = ''
      } else this.partial += piece
      if (nl === -1) return
      from = nl + 1
      const line = this.partial
      const overlong = this.overlong
      this.partial = ''
      this.overlong = false
      if (overlong) this.deliver({ type: 'malformed', line: `longer than ${MAX_MESSAGE_CHARS}` })
      else if (line.trim() !== '') this.deliver(parseLine(line))
    }
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
