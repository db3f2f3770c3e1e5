import type { ValidationMode } from '@runink/core'
import type { Rule, UnknownFields } from '../model/index.js'

/** One broken rule of one record, safe to write into reports (PII masked, long strings cut). */
export interface ValidationError {
  /** Where in the record: `legs[2].qty`, `customer.email`; `''` for the record itself. */
  readonly path: string
  readonly rule: Rule
  /** What the rule wanted: a type name, the enum list, the pattern, the bound, the expression. */
  readonly expected: unknown
  /** The offending value: `'[pii]'` for PII fields, strings cut at 200 characters. */
  readonly actual: unknown
  readonly message: string
}

/** The outcome of validating one record; `value` is the record as typed (converted in coerce mode). */
export type ValidationResult =
  | { readonly valid: true; readonly value: Record<string, unknown> }
  | {
      readonly valid: false
      /** The record as far as it could be converted; undefined when it is not an object. */
      readonly value: Record<string, unknown> | undefined
      readonly errors: ValidationError[]
    }

/** A contract compiled into a specialised function. */
export interface Validator {
  /** Validates one record. Never throws, whatever the input. */
  validate(record: unknown): ValidationResult
  /** Forgets the values seen by `unique` fields: call between runs. */
  reset(): void
}

/** How to compile a validator. */
export interface ValidatorOptions {
  /** `strict` (default) takes values as typed; `coerce` converts strings, e.g. from CSV. */
  readonly mode?: ValidationMode
  /** Replaces the contract's own policy (nested objects with their own policy keep it). */
  readonly unknownFields?: UnknownFields
  /** Errors collected per record at most (default 100). */
  readonly maxErrors?: number
}
