import { RuninkError } from './runink-error.js'

/** The store's code for a malformed reference (stable: it predates this file's move to core). */
const BAD_REF = 'RUNINK_STORE_BAD_REF'

/** A parsed `dataset://name[@version]`; no version means the latest. */
export interface DatasetRef {
  readonly name: string
  readonly version?: number
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/

/** Throws unless name is a valid dataset name (letters, digits, `_ . - /`). */
export function checkDatasetName(name: string): string {
  if (!NAME.test(name) || name.includes('..')) {
    throw new RuninkError(BAD_REF, `not a dataset name: ${name}`, {
      details: { name },
    })
  }
  return name
}

/** Parses `dataset://name`, `dataset://name@3`, or the same without the scheme. */
export function parseDatasetRef(ref: string): DatasetRef {
  const body = ref.startsWith('dataset://') ? ref.slice('dataset://'.length) : ref
  const at = body.lastIndexOf('@')
  if (at < 0) return { name: checkDatasetName(body) }
  const version = body.slice(at + 1)
  if (!/^[1-9][0-9]*$/.test(version)) {
    throw new RuninkError(BAD_REF, `bad dataset version in ${ref}: expected @1, @2, …`, {
      details: { ref },
    })
  }
  return { name: checkDatasetName(body.slice(0, at)), version: Number(version) }
}

/** Formats a reference back to `dataset://name@version`. */
export function formatDatasetRef(ref: DatasetRef): string {
  return `dataset://${ref.name}${ref.version === undefined ? '' : `@${ref.version}`}`
}
