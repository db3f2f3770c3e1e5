import { isRuninkError } from '@runink/core'
import type { Outcome } from '@runink/lifecycle'

/**
 * The outcome of an error thrown while the host worked on a stage: its own code when it has one
 * (a refused path, an unknown dataset), else `fallback`; never retried.
 */
export function outcomeOf(error: unknown, fallback: string, prefix = ''): Outcome {
  const message = `${prefix}${error instanceof Error ? error.message : String(error)}`
  return { code: isRuninkError(error) ? error.code : fallback, message, retryable: false }
}
