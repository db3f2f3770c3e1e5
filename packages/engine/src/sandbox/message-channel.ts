import type { Readable, Writable } from 'node:stream'

/**
 * NDJSON over a byte stream: one JSON value per line. Messages that arrive before anyone
 * listens are kept and replayed to the first listener, so none is lost to a race.
 */
export class MessageChannel {
  private readonly listeners: Array<(message: unknown) => void> = []
  private readonly backlog: unknown[] = []
  private partial = ''

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
    const lines = (this.partial + chunk).split('\n')
    this.partial = lines.pop() ?? ''
    for (const line of lines) if (line.trim() !== '') this.deliver(parseLine(line))
  }

  private deliver(message: unknown): void {
    if (this.listeners.length === 0) this.backlog.push(message)
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
