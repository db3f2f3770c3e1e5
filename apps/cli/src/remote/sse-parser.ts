/** One Server-Sent Event: its id (when it had one), name (`message` by default) and data. */
export interface SseEvent {
  readonly id: string | undefined
  readonly event: string
  readonly data: string
}

/**
 * Parses a text/event-stream as it arrives in chunks (the HTML standard's rules, as far as a
 * Runink server uses them): fields `id`, `event`, `data` (lines joined with `\n`), comments
 * (`:` lines, the heartbeats) skipped, an event given at each blank line.
 */
export class SseParser {
  private buffer = ''
  private id: string | undefined
  private event = ''
  private data: string[] = []

  /** The events the chunk completes. */
  push(chunk: string): SseEvent[] {
    this.buffer += chunk
    const out: SseEvent[] = []
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/)
      if (end < 0) return out
      const line = this.buffer.slice(0, end)
      this.buffer = this.buffer.slice(this.buffer.startsWith('\r\n', end) ? end + 2 : end + 1)
      if (line === '') {
        if (this.data.length > 0)
          out.push({ id: this.id, event: this.event || 'message', data: this.data.join('\n') })
        this.event = ''
        this.data = []
        this.id = undefined
        continue
      }
      if (line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon < 0 ? line : line.slice(0, colon)
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'data') this.data.push(value)
      else if (field === 'event') this.event = value
      else if (field === 'id') this.id = value
    }
  }
}
