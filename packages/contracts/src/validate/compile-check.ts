import { RuninkError } from '@runink/core'
import type { FieldSpec } from '../model/index.js'
import { parseCel, type CelProgram } from '../pattern/index.js'
import { setOwn } from '../safe-object.js'
import { ValidateCodes } from './validate-codes.js'

/** A compiled `check`: true when the value passes; throws when the expression cannot be evaluated. */
export type CheckFn = (value: unknown, record: unknown) => unknown

/** Maps a typed value to the form CEL expects (CEL ints are BigInt); identity when absent. */
export type CelConvert = (value: unknown) => unknown

/** Parses a field's `check` once. */
export function compileCheck(expression: string, path: string): CheckFn {
  let program: CelProgram
  try {
    program = parseCel(expression)
  } catch (cause) {
    throw new RuninkError(
      ValidateCodes.RUNINK_VALIDATE_CONTRACT_INVALID,
      `${path}: check ${JSON.stringify(expression)} is not valid CEL: ${(cause as Error).message}`,
      { details: { path, rule: 'check', expression }, cause },
    )
  }
  return (value, record) => program({ value, record }) as unknown
}

/** Copies a plain object converting its declared members; unknown members pass unchanged. */
function objectConverter(members: ReadonlyArray<readonly [string, CelConvert]>): CelConvert {
  const converters = new Map(members)
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value)) {
      const member = (value as Record<string, unknown>)[key]
      const convert = converters.get(key)
      setOwn(out, key, convert === undefined ? member : convert(member))
    }
    return out
  }
}

/**
 * A converter that turns the `int` values of `spec` into BigInt, so that CEL integer arithmetic
 * (`value + 1 > 2`) works; undefined when the spec holds no ints. Comparisons between CEL ints
 * and doubles work either way, so floats and decimals stay numbers.
 */
export function celConverter(spec: FieldSpec): CelConvert | undefined {
  switch (spec.type) {
    case 'int':
      return (value) => (Number.isSafeInteger(value) ? BigInt(value as number) : value)
    case 'array': {
      const item = spec.items === undefined ? undefined : celConverter(spec.items)
      if (item === undefined) return undefined
      return (value) => (Array.isArray(value) ? value.map((v: unknown) => item(v)) : value)
    }
    case 'object':
      return fieldsConverter(spec.fields ?? {})
    default:
      return undefined
  }
}

/** The converter of an object with `fields`; undefined when none of them needs converting. */
export function fieldsConverter(
  fields: Readonly<Record<string, FieldSpec>>,
): CelConvert | undefined {
  const members: Array<readonly [string, CelConvert]> = []
  for (const [name, spec] of Object.entries(fields)) {
    const convert = celConverter(spec)
    if (convert !== undefined) members.push([name, convert])
  }
  return members.length === 0 ? undefined : objectConverter(members)
}
