import type { LoadedContract } from '../model/index.js'

/** One thing wrong with a contract file or builder input, located as precisely as known. */
export interface ContractProblem {
  /** A stable `RUNINK_CONTRACT_*` code from {@link ContractLoadCodes}. */
  readonly code: string
  /** Human text; it names the offending key path when there is one. */
  readonly message: string
  readonly file?: string
  /** 1-based line of the offending key or value. */
  readonly line?: number
  /** 1-based column of the offending key or value. */
  readonly column?: number
  /** The offending key path, e.g. `fields.price.min` (empty for the whole document). */
  readonly path?: string
  /** What would be accepted, e.g. the allowed values. */
  readonly hint?: string
}

/** The outcome of parsing one contract: a contract only when there are no problems. */
export interface ParseContractResult {
  readonly contract?: LoadedContract
  readonly problems: ContractProblem[]
}

/** `file:line:col: message (hint)`, leaving out the parts that are not known. */
export function formatProblem(p: ContractProblem): string {
  const where = [p.file, p.line, p.line === undefined ? undefined : p.column]
    .filter((part) => part !== undefined && part !== '')
    .join(':')
  const text = p.hint === undefined ? p.message : `${p.message} (${p.hint})`
  return where === '' ? text : `${where}: ${text}`
}
