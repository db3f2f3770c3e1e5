import { RuninkError } from '@runink/core'
import { LifecycleCodes } from './lifecycle-codes.js'

/** An event the lifecycle cannot take in its state: the driver is wrong, not the user. */
export function badEvent(what: string, phase: string, event: string): RuninkError {
  return new RuninkError(
    LifecycleCodes.RUNINK_LIFECYCLE_BAD_EVENT,
    `${what} in phase ${phase} cannot take event ${event}`,
    { details: { phase, event } },
  )
}
