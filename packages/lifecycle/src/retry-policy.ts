/** Retry policy of a stage: how many attempts in all, and how long to wait between them. */
export interface RetryPolicy {
  readonly attempts: number
  readonly backoff: 'fixed' | 'exponential'
  readonly initialMs: number
  readonly maxMs: number
}

/** Milliseconds to wait before attempt `attempt` (2, 3, …) under a retry policy. */
export function retryDelay(policy: RetryPolicy, attempt: number): number {
  const n = Math.max(0, attempt - 2)
  const delay = policy.backoff === 'exponential' ? policy.initialMs * 2 ** n : policy.initialMs
  return Math.min(policy.maxMs, delay)
}
