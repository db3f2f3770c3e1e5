import { RuninkError } from '@runink/core'
import { StoreErrors } from '../errors.js'

/**
 * The error every read raises when an object's bytes no longer hash to its key: someone edited
 * the store. `label` names what the object is (e.g. `dataset://silver.trades@3`).
 */
export function objectCorrupt(
  kind: string,
  key: string,
  actual: string,
  label?: string,
): RuninkError {
  const what = label ? `${label}: object` : 'object'
  return new RuninkError(
    StoreErrors.RUNINK_STORE_OBJECT_CORRUPT,
    `${what} ${key} in the ${kind} store is corrupt: its bytes hash to ${actual} (run \`runi dataset verify\`)`,
    { details: { key, actual, ...(label ? { label } : {}) } },
  )
}
