import { canonicalJson, didYouMeanHint } from '@runink/core'
import { isMaskedValue } from '../model/index.js'
import type { MaskKind } from '../model/index.js'
import type { CelConvert } from '../cel/index.js'
import type { CheckEntry } from './code-builder.js'
import {
  NOT_JSON,
  coerceBool,
  coerceDecimal,
  coerceFloat,
  coerceInt,
  coerceJson,
} from './coerce.js'
import { FORMAT_TESTS } from './formats.js'
import { ERROR_CAP, pushError, safeActual } from './report-error.js'
import { isJsonValue, isPlainObject, ownValue, setOwn } from '../safe-object.js'
import { isDateString, isoOfText, timestampMs } from './temporal.js'
import type { ValidationError, ValidationResult } from './validation-result.js'

/** Longest evaluation-error text quoted in a check message. */
const MAX_NOTE = 200

/** Code points of a string (surrogate pairs count once). */
function codePointLength(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0xd800 || c > 0xdbff || i + 1 === s.length) n++
    else {
      const d = s.charCodeAt(i + 1)
      n++
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
  }
  return n
}

/** A Set key for values compared as JSON; a fresh symbol (never equal) when not serialisable. */
function jsonKey(value: unknown): unknown {
  try {
    return canonicalJson(value)
  } catch {
    return Symbol('unserialisable')
  }
}

function uncaught(errors: ValidationError[] | null): ValidationError[] {
  const out = errors ?? []
  // A getter or proxy threw while reading the record; its message may quote data, so it is dropped.
  out.push({
    path: '',
    rule: 'type',
    expected: 'object',
    actual: '[unreadable]',
    message: 'record: could not be read (a property access threw)',
  })
  return out
}

/** The helpers generated code calls, bound to one validator's settings and state. */
export function createRuntime(
  maxErrors: number,
  checks: readonly CheckEntry[],
  recordConvert: CelConvert | undefined,
) {
  const touched: unknown[] = []
  const E = (
    errors: ValidationError[],
    path: string,
    rule: ValidationError['rule'],
    expected: unknown,
    actual: unknown,
    pii: boolean,
    note = '',
  ): void => pushError(errors, maxErrors, path, rule, expected, actual, pii, note)

  function runChecks(
    pending: unknown[],
    record: unknown,
    errors: ValidationError[] | null,
  ): ValidationError[] | null {
    let celRecord: unknown = undefined
    let out = errors
    for (let i = 0; i < pending.length; i += 4) {
      const entry = checks[pending[i] as number] as CheckEntry
      const value = pending[i + 1]
      const pii = pending[i + 3] as boolean
      let note = ''
      let passed = false
      try {
        if (celRecord === undefined) celRecord = recordConvert ? recordConvert(record) : record
        passed = entry.check(entry.convert ? entry.convert(value) : value, celRecord) === true
      } catch (cause) {
        const text = pii ? '' : String((cause as Error)?.message ?? '').slice(0, MAX_NOTE)
        note = ` (could not be evaluated${text === '' ? '' : `: ${text}`})`
      }
      if (!passed)
        E((out ??= []), pending[i + 2] as string, 'check', entry.expression, value, pii, note)
    }
    return out
  }

  const helpers = {
    /** The result when the generated function itself threw (e.g. a proxy trap on the record). */
    unreadable(): ValidationResult {
      helpers.UNIQUE_UNDO()
      return { valid: false, value: undefined, errors: uncaught(null) }
    },
    E,
    OWN: ownValue,
    SET: setOwn,
    HINT: (key: string, names: readonly string[]) => didYouMeanHint(key, names),
    IS_PLAIN: isPlainObject,
    IS_JSON: isJsonValue,
    IS_DATE: isDateString,
    TS_MS: timestampMs,
    ISO: isoOfText,
    C_INT: coerceInt,
    C_FLOAT: coerceFloat,
    C_DECIMAL: coerceDecimal,
    C_BOOL: coerceBool,
    C_JSON: coerceJson,
    NOT_JSON,
    CPLEN: codePointLength,
    FORMATS: FORMAT_TESTS,
    MASKED: (kind: MaskKind, value: unknown) => isMaskedValue(kind, value),
    JSON_KEY: jsonKey,
    /** Records a unique value; true when it was seen before. Undone if the record fails. */
    UQ(seen: Set<unknown>, key: unknown): boolean {
      if (seen.has(key)) return true
      seen.add(key)
      touched.push(seen, key)
      return false
    },
    UNIQUE_START(): void {
      touched.length = 0
    },
    UNIQUE_UNDO(): void {
      for (let i = 0; i < touched.length; i += 2)
        (touched[i] as Set<unknown>).delete(touched[i + 1])
      touched.length = 0
    },
    PEND(pending: unknown[] | null, index: number, value: unknown, path: string, pii: boolean) {
      const out = pending ?? []
      out.push(index, value, path, pii)
      return out
    },
    RUN_CHECKS: runChecks,
    CAUGHT: (thrown: unknown, errors: ValidationError[] | null) =>
      thrown === ERROR_CAP && errors !== null ? errors : uncaught(errors),
    NOT_OBJECT: (value: unknown): ValidationResult => ({
      valid: false,
      value: undefined,
      errors: [
        {
          path: '',
          rule: 'type',
          expected: 'object',
          actual: safeActual(value, false),
          message: `record: expected object, got ${describe(value)}`,
        },
      ],
    }),
  }
  return helpers
}

function describe(value: unknown): string {
  const actual = safeActual(value, false)
  return typeof actual === 'string' ? JSON.stringify(actual) : String(actual)
}

/** The helper object generated code receives. */
export type Runtime = ReturnType<typeof createRuntime>
