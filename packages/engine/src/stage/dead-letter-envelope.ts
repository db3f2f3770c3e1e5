import type { Contract, FieldSpec, ValidationError } from '@runink/contracts'
import type { DataRecord } from '../connectors/index.js'
import { reasonLabel } from './invalid-reasons.js'
import { sourceLabel } from './record-position.js'

/** One reason a record was rejected: the field, the contract rule and what it wanted. */
export interface DeadLetterError {
  /** Field path (`price`, `legs[2].qty`); `''` for the record itself. */
  readonly field: string
  readonly rule: string
  readonly message: string
  /** What the rule wanted (a type, the enum list, a bound, a pattern). */
  readonly expected?: unknown
  /** The offending value: absent for fields the stage masks, `[pii]` for `pii` fields. */
  readonly actual?: unknown
}

/**
 * A rejected record, the same wherever it was rejected (at its source, before `mask`, at the
 * stage's output check): what every dead-letter sink receives and what a failed stage keeps as
 * evidence. `record` is the record as it was when rejected (as read, for a rejection at the
 * source; as the steps left it, at the output check), masked when the stage masks. `source` is
 * where it was read: the source URI and its 1-based record number there (the numbering of
 * `runi contract validate`); null for a record a step made (sql, exec, a new object from a
 * stream step), which has no single input position.
 */
export interface DeadLetter {
  readonly record: DataRecord
  readonly errors: readonly DeadLetterError[]
  readonly stage: string
  readonly source: { readonly uri: string; readonly position: number } | null
}

/** Builds envelopes for one stage: which values its errors may show. */
export interface DeadLetterFactory {
  (record: DataRecord, errors: readonly ValidationError[], source: DeadLetter['source']): DeadLetter
}

const masked = (spec: FieldSpec): boolean =>
  spec.mask !== undefined ||
  (spec.items !== undefined && masked(spec.items)) ||
  Object.values(spec.fields ?? {}).some(masked)

/** The top-level field of an error path: `legs[2].qty` → `legs`. */
function topField(path: string): string {
  const m = /^[^.[]*/.exec(path)
  return m ? m[0] : path
}

/**
 * The envelope maker of a stage. When the stage masks, the offending value of a field that any
 * of `contracts` masks is left out of its errors (the record itself is masked; its error must
 * not show the value the mask hid).
 */
export function deadLetterFactory(
  stage: string,
  options: { masks: boolean; contracts: readonly (Contract | undefined)[] },
): DeadLetterFactory {
  const hidden = new Set<string>()
  if (options.masks)
    for (const c of options.contracts)
      for (const [name, spec] of Object.entries(c?.fields ?? {})) if (masked(spec)) hidden.add(name)
  return (record, errors, source) => ({
    record,
    errors: errors.map((e) => deadLetterError(e, hidden.has(topField(e.path)))),
    stage,
    source,
  })
}

function deadLetterError(e: ValidationError, hideActual: boolean): DeadLetterError {
  return {
    field: e.path,
    rule: e.rule,
    message: hideActual ? `${reasonLabel(e)} (value masked)` : e.message,
    ...(e.expected === undefined ? {} : { expected: e.expected }),
    ...(hideActual || e.actual === undefined ? {} : { actual: e.actual }),
  }
}

/** Longest record kept whole in a report's sample (as JSON characters). */
const SAMPLE_RECORD_CHARS = 16 * 1024

/** An envelope small enough for a slice's report: a huge record is replaced by its size. */
export function sampled(letter: DeadLetter): DeadLetter {
  const size = JSON.stringify(letter.record).length
  const long = (v: unknown): boolean => v !== undefined && JSON.stringify(v).length > 1000
  const errors = letter.errors.slice(0, 20).map((e) => ({
    ...e,
    message: e.message.length > 1000 ? `${e.message.slice(0, 1000)}…` : e.message,
    ...(long(e.expected) ? { expected: '[long value]' } : {}),
    ...(long(e.actual) ? { actual: '[long value]' } : {}),
  }))
  return {
    ...letter,
    errors,
    record:
      size <= SAMPLE_RECORD_CHARS ? letter.record : { _omitted: `record of ${size} characters` },
  }
}

/** `record 12 of data/trades.csv: qty: 0 is below the minimum 1` (for messages). */
export function describeDeadLetter(letter: DeadLetter): string {
  const where =
    letter.source === null
      ? 'a record made by a step (no input position)'
      : `record ${letter.source.position} of ${sourceLabel(letter.source.uri)}`
  // Each error's message already starts with its field ("qty: 0 is below the minimum 1").
  return `${where}: ${letter.errors.map((e) => e.message).join('; ')}`
}
