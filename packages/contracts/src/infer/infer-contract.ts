import type { Contract } from '../model/index.js'
import { FieldInference } from './infer-field.js'
import { sampleMembers } from './field-samples.js'
import { fitToRecords } from './fit-to-records.js'

/** Options of {@link inferContract}. */
export interface InferOptions {
  /** The contract's name. */
  readonly name: string
  /** The contract's version; `0.1.0` when absent. */
  readonly version?: string
  /** True for CSV-like input, whose values are all text (typed by the coerce-mode rules). */
  readonly textual: boolean
}

/** An inferred contract and notes on guesses worth reviewing. */
export interface InferResult {
  readonly contract: Contract
  readonly notes: string[]
}

const DEFAULT_VERSION = '0.1.0'

/**
 * A first contract from sample records: per field its type, `required` (a value in every record),
 * `nullable` (explicit nulls in typed input), formats and small enums when every value fits,
 * nested objects and arrays, and `pii` suggestions from names. Fields keep first-seen order.
 * Ranges are not guessed. The contract validates every sample record (coerce mode for textual
 * input, strict otherwise).
 */
export function inferContract(
  records: Iterable<Record<string, unknown>>,
  options: InferOptions,
): InferResult {
  const sample = [...records]
  const inference = new FieldInference()
  const samples = sampleMembers(sample, options.textual)
  const draft: Contract = {
    contract: options.name,
    version: options.version ?? DEFAULT_VERSION,
    unknown_fields: 'reject',
    fields: inference.fields(samples, options.textual, ''),
  }
  const notes = inference.notes
  if (samples.count === 0) notes.push('no records: the contract has no fields')
  const contract = fitToRecords(draft, sample, options.textual ? 'coerce' : 'strict', notes)
  return { contract, notes }
}
