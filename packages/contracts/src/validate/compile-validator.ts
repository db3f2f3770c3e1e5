import type { Contract } from '../model/index.js'
import { fieldsConverter } from '../cel/index.js'
import { CodeBuilder } from './code-builder.js'
import { emitObjectBody, objectNeedsCopy } from './emit-field.js'
import { type Runtime, createRuntime } from './runtime.js'
import type { ValidationResult, Validator, ValidatorOptions } from './validation-result.js'

const DEFAULT_MAX_ERRORS = 100

type Compiled = (record: unknown) => ValidationResult

/** The validator's source: a factory of the specialised function over helpers `R` and constants `K`. */
function generate(b: CodeBuilder, body: string): string {
  const constants = b.constants.map((_, i) => `k${i} = K[${i}]`)
  return [
    `'use strict';`,
    `const { E, OWN, SET, HINT, IS_PLAIN, IS_JSON, IS_DATE, TS_MS, ISO, C_INT, C_FLOAT, C_DECIMAL, C_BOOL, C_JSON, NOT_JSON, CPLEN, FORMATS, MASKED, JSON_KEY, UQ, UNIQUE_START, UNIQUE_UNDO, PEND, RUN_CHECKS, CAUGHT, NOT_OBJECT } = R;`,
    constants.length === 0 ? '' : `const ${constants.join(', ')};`,
    `return function validate(data) {`,
    `if (!IS_PLAIN(data)) return NOT_OBJECT(data);`,
    `let errs = null, pc = null, v0 = data;`,
    b.usesUnique ? 'UNIQUE_START();' : '',
    `try {`,
    body,
    b.checks.length === 0 ? '' : 'if (pc !== null) errs = RUN_CHECKS(pc, v0, errs);',
    `} catch (x) { errs = CAUGHT(x, errs); }`,
    `if (errs === null) return { valid: true, value: v0 };`,
    b.usesUnique ? 'UNIQUE_UNDO();' : '',
    `return { valid: false, value: v0, errors: errs };`,
    `};`,
  ].join('\n')
}

/**
 * Compiles a contract once into a specialised validation function (generated code, one block per
 * field). Throws `RUNINK_VALIDATE_CONTRACT_INVALID` for a pattern, bound or check that cannot be
 * compiled; the validator itself never throws.
 */
export function compileValidator(contract: Contract, options: ValidatorOptions = {}): Validator {
  const b = new CodeBuilder(options.mode ?? 'strict')
  const policy = options.unknownFields ?? contract.unknown_fields
  const copy = objectNeedsCopy(b, contract.fields, policy)
  const root = { path: [], pii: false, member: true }
  const body = emitObjectBody(b, contract.fields, policy, 'v0', root, copy)
  const max = options.maxErrors
  const maxErrors = max !== undefined && max >= 1 ? Math.floor(max) : DEFAULT_MAX_ERRORS
  const runtime: Runtime = createRuntime(maxErrors, b.checks, fieldsConverter(contract.fields))
  const factory = new Function('R', 'K', generate(b, body)) as (
    r: Runtime,
    k: unknown[],
  ) => Compiled
  const compiled = factory(runtime, b.constants)
  return {
    validate(record: unknown): ValidationResult {
      try {
        return compiled(record)
      } catch {
        return runtime.unreadable()
      }
    },
    reset(): void {
      for (const seen of b.uniqueSets) seen.clear()
    },
  }
}
