/** Options for {@link LineagePoster}. */
export interface LineagePosterOptions {
  /** The OpenLineage endpoint, e.g. `http://marquez:5000/api/v1/lineage`. */
  readonly url: string
  readonly attempts?: number
  readonly initialDelayMs?: number
  readonly maxDelayMs?: number
  readonly timeoutMs?: number
  /** Told when an event is given up on after every attempt; never throws into the run. */
  readonly onGiveUp?: (event: unknown, error: unknown) => void
}

/**
 * Posts events to an OpenLineage endpoint in the background, in order, retrying with
 * exponential backoff. `enqueue` never blocks and never throws: lineage delivery must not slow
 * or fail a run. `flush` waits (bounded) for the queue to drain.
 */
export class LineagePoster {
  private readonly queue: unknown[] = []
  private draining: Promise<void> | undefined
  private closed = false
  /** Events delivered and given up on, for status and tests. */
  readonly stats = { delivered: 0, failed: 0 }

  constructor(private readonly options: LineagePosterOptions) {}

  /** Queues an event for delivery. */
  enqueue(event: unknown): void {
    if (this.closed) return
    this.queue.push(event)
    this.draining ??= this.drain().finally(() => (this.draining = undefined))
  }

  /** Waits until the queue is empty or timeoutMs passes; true when drained. */
  async flush(timeoutMs = 5_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<false>(
      (resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)),
    )
    const drained = (async () => {
      while (this.draining) await this.draining
      return true as const
    })()
    const result = await Promise.race([drained, timeout])
    clearTimeout(timer)
    return result
  }

  /** Stops accepting events and drops retries still waiting (after a bounded flush). */
  async close(timeoutMs = 2_000): Promise<void> {
    await this.flush(timeoutMs)
    this.closed = true
    this.queue.length = 0
  }

  private async drain(): Promise<void> {
    for (let event = this.queue.shift(); event !== undefined; event = this.queue.shift()) {
      await this.deliver(event)
    }
  }

  private async deliver(event: unknown): Promise<void> {
    const attempts = this.options.attempts ?? 5
    let delay = this.options.initialDelayMs ?? 200
    let lastError: unknown
    for (let attempt = 1; attempt <= attempts && !this.closed; attempt++) {
      try {
        const response = await fetch(this.options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
        })
        await response.arrayBuffer().catch(() => undefined)
        if (response.ok) {
          this.stats.delivered += 1
          return
        }
        lastError = new Error(`OpenLineage endpoint answered ${response.status}`)
        // A 4xx other than 429 will not get better by retrying.
        if (response.status < 500 && response.status !== 429) break
      } catch (error) {
        lastError = error
      }
      if (attempt < attempts) {
        await new Promise((resolve) => setTimeout(resolve, delay))
        delay = Math.min(delay * 2, this.options.maxDelayMs ?? 10_000)
      }
    }
    this.stats.failed += 1
    this.options.onGiveUp?.(event, lastError)
  }
}
