import type { RetryPolicy } from './runnable-stage.js'

/** Milliseconds to wait before attempt `attempt` (2, 3, …) under a retry policy. */
export function retryDelay(policy: RetryPolicy, attempt: number): number {
  const n = Math.max(0, attempt - 2)
  const delay = policy.backoff === 'exponential' ? policy.initialMs * 2 ** n : policy.initialMs
  return Math.min(policy.maxMs, delay)
}
