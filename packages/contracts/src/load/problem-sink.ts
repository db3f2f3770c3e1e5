import { didYouMean } from '@runink/core'
import type { ContractProblem } from './contract-problem.js'
import { ContractLoadCodes } from './contract-load-codes.js'
import type { DocEntry, DocNode, Position } from './doc-node.js'

/** `a.b` below `a`; the root path is empty. */
export const childPath = (path: string, key: string): string =>
  path === '' ? key : `${path}.${key}`

/** `path: message`, or just the message at the root. */
const prefixed = (path: string, message: string): string =>
  path === '' ? message : `${path}: ${message}`

/**
 * Collects the problems of one contract in document order. Every message starts with the key
 * path, so it reads well with or without a file position (builder input has none).
 */
export class ProblemSink {
  readonly problems: ContractProblem[] = []
  /** Key paths an unknown key was taken for a typo of: their absence is already explained. */
  private readonly suggested = new Set<string>()

  constructor(private readonly file?: string) {}

  /** Adds a problem at a position (when known). */
  add(
    code: string,
    path: string,
    at: Position | undefined,
    message: string,
    hint?: string,
    messagePath: string = path,
  ): void {
    this.problems.push({
      code,
      message: prefixed(messagePath, message),
      ...(this.file === undefined ? {} : { file: this.file }),
      ...(at === undefined ? {} : { line: at.line, column: at.column }),
      path,
      ...(hint === undefined ? {} : { hint }),
    })
  }

  /** A value of the wrong kind or out of its vocabulary; points at the value. */
  invalid(path: string, at: Position | undefined, message: string, hint?: string): void {
    this.add(ContractLoadCodes.RUNINK_CONTRACT_INVALID_VALUE, path, at, message, hint)
  }

  /** An entry's value is wrong; points at the value, else at its key. */
  invalidEntry(path: string, entry: DocEntry, message: string, hint?: string): void {
    this.invalid(path, entry.value.at ?? entry.keyAt, message, hint)
  }

  /** A key that is not allowed here, with a did-you-mean suggestion from the allowed keys. */
  unknownKey(path: string, entry: DocEntry, allowed: readonly string[]): void {
    const guess = didYouMean(entry.key, allowed)
    if (guess !== undefined) this.suggested.add(childPath(path, guess))
    // The full list only helps when there is no single likely correction.
    const hint = guess === undefined ? `allowed: ${allowed.join(', ')}` : undefined
    const code = ContractLoadCodes.RUNINK_CONTRACT_UNKNOWN_KEY
    const message = `unknown key "${entry.key}"${guess === undefined ? '' : ` (did you mean "${guess}"?)`}`
    this.add(code, childPath(path, entry.key), entry.keyAt, message, hint, path)
  }

  /** A required key is absent from the mapping `node` at `path`. */
  missing(
    path: string,
    node: DocNode,
    keyAt: Position | undefined,
    key: string,
    why: string,
  ): void {
    // `requried: true` already says what is wrong; "missing required" would only repeat it.
    if (this.suggested.has(childPath(path, key))) return
    const message = `missing key "${key}" (${why})`
    const code = ContractLoadCodes.RUNINK_CONTRACT_MISSING_KEY
    this.add(code, childPath(path, key), keyAt ?? node.at, message, undefined, path)
  }
}
