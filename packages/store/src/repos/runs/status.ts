import { canTransition, RuninkError, type RunStatus } from '@runink/core'
import { StoreErrors } from '../../errors.js'

export { RunStatus, isTerminal, sourcesOf } from '@runink/core'

/** Throws unless `from → to` is a legal transition (core's table). */
export function checkTransition(what: string, id: string, from: string, to: RunStatus): void {
  if (!canTransition(from, to)) {
    throw new RuninkError(
      StoreErrors.RUNINK_STORE_BAD_TRANSITION,
      `${what} ${id} cannot go from ${from} to ${to}`,
      { details: { id, from, to } },
    )
  }
}
