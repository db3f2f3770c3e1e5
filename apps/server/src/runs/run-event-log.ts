import type { RunStreamEvent } from '@runink/protocol'

/** One event of a run's stream: its id (1, 2, 3… per run), SSE event name and data. */
export interface LoggedEvent {
  readonly id: number
  readonly event: RunStreamEvent
  readonly data: unknown
}

/** How many events a run's log keeps by default (its newest). */
export const RUN_EVENTS_KEPT = 10_000

/**
 * The events of one run as they happen, numbered, the newest `max` kept, so that a client that
 * reconnects with the last id it saw is given every event after it. Ended after its last event.
 */
export class RunEventLog {
  private readonly kept: LoggedEvent[] = []
  private last = 0
  private done = false
  private waiters: Array<() => void> = []

  constructor(private readonly max = RUN_EVENTS_KEPT) {}

  /** Appends an event; the `run-ended` one ends the log. Nothing is appended after the end. */
  push(event: RunStreamEvent, data: unknown): void {
    if (this.done) return
    this.kept.push({ id: ++this.last, event, data })
    if (this.kept.length > this.max) this.kept.shift()
    if (event === 'run-ended') this.close()
    else {
      const waiters = this.waiters
      this.waiters = []
      for (const wake of waiters) wake()
    }
  }

  /** Ends the log without a final event (its run's status could not be read). */
  close(): void {
    this.done = true
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }

  /** Whether the log has ended: its final event appended, or closed. */
  get ended(): boolean {
    return this.done
  }

  /** Whether the log ended with its `run-ended` event (not closed without one). */
  get hasFinal(): boolean {
    return this.kept.at(-1)?.event === 'run-ended'
  }

  /** The id of the newest event (0 before any). */
  get lastId(): number {
    return this.last
  }

  /** The kept events after id `after` (all kept ones from 0). */
  since(after: number): LoggedEvent[] {
    const first = this.kept[0]?.id ?? this.last + 1
    return this.kept.slice(Math.max(0, after + 1 - first))
  }

  /** Resolves at the next event, at once when the log has ended, or when `signal` aborts. */
  next(signal?: AbortSignal): Promise<void> {
    if (this.done || signal?.aborted) return Promise.resolve()
    return new Promise((resolve) => {
      const wake = (): void => {
        signal?.removeEventListener('abort', wake)
        resolve()
      }
      this.waiters.push(wake)
      signal?.addEventListener('abort', wake, { once: true })
    })
  }
}
