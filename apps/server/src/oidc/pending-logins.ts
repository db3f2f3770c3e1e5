import type { Clock } from '@runink/core'

/**
 * Short-lived values kept in this process's memory, each taken at most once: the state of a
 * login between its start and the provider's callback, and the one-time code the CLI trades for
 * its JWT. A login therefore completes on the server process it started on.
 */
export class PendingLogins<T> {
  private readonly entries = new Map<string, { value: T; expires: number }>()

  constructor(
    private readonly ttlMs: number,
    private readonly clock?: Clock,
  ) {}

  private now(): number {
    return (this.clock ? this.clock.now() : new Date()).getTime()
  }

  /** Keeps value under key until ttlMs from now. */
  put(key: string, value: T): void {
    const now = this.now()
    for (const [k, e] of this.entries) if (e.expires <= now) this.entries.delete(k)
    this.entries.set(key, { value, expires: now + this.ttlMs })
  }

  /** The value under key, removed; undefined when there is none or it expired. */
  take(key: string): T | undefined {
    const entry = this.entries.get(key)
    this.entries.delete(key)
    return entry && entry.expires > this.now() ? entry.value : undefined
  }
}
