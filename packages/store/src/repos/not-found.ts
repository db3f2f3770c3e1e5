import { RuninkError } from '@runink/core'
import { StoreErrors } from '../errors.js'

/** The error for a missing row, with what was looked for. */
export function notFound(what: string, id: string): RuninkError {
  return new RuninkError(StoreErrors.RUNINK_STORE_NOT_FOUND, `no ${what} ${id}`, {
    details: { what, id },
  })
}
