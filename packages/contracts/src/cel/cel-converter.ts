import type { FieldSpec } from '../model/index.js'
import { isPlainObject, setOwn } from '../safe-object.js'

/** Maps a record value to the form CEL evaluates it in; see {@link celConverter}. */
export type CelConvert = (value: unknown) => unknown

/** How declared fields that a record lacks reach CEL. */
export interface CelConvertOptions {
  /**
   * `null`: every declared field is there, an absent one as null (the engine's view of a record:
   * `record.qty != null` is false, never a "no such key" failure). `keep` (default): absent
   * fields stay absent (contract `check`s, where `has(record.x)` tests presence).
   */
  readonly absent?: 'keep' | 'null'
}

/**
 * The one converter from record values to CEL values. CEL tells int (BigInt in cel-js) from
 * double (JS number): the whole numbers of `int` fields become BigInt, deeply through arrays and
 * objects, so that CEL integer arithmetic (`value + 1 > 2`) works. Floats and decimals stay
 * numbers (CEL compares ints with doubles); strings, dates and timestamps (ISO text), bools and
 * json pass unchanged, as do values of the wrong type. Undefined when the spec needs no
 * converting; built once per spec.
 */
export function celConverter(
  spec: FieldSpec,
  options: CelConvertOptions = {},
): CelConvert | undefined {
  switch (spec.type) {
    case 'int':
      return (value) => (Number.isInteger(value) ? BigInt(value as number) : value)
    case 'array': {
      const item = spec.items === undefined ? undefined : celConverter(spec.items, options)
      if (item === undefined) return undefined
      return (value) => (Array.isArray(value) ? value.map((v: unknown) => item(v)) : value)
    }
    case 'object':
      return fieldsConverter(spec.fields ?? {}, options)
    default:
      return undefined
  }
}

/**
 * The converter of a record (or nested object) with `fields`: a copy whose declared members are
 * converted, others unchanged. Undefined when none needs converting.
 */
export function fieldsConverter(
  fields: Readonly<Record<string, FieldSpec>>,
  options: CelConvertOptions = {},
): CelConvert | undefined {
  const members: Array<readonly [string, CelConvert | undefined]> = []
  for (const [name, spec] of Object.entries(fields)) {
    const convert = celConverter(spec, options)
    if (convert !== undefined || options.absent === 'null') members.push([name, convert])
  }
  if (members.length === 0) return undefined
  const fill = options.absent === 'null'
  return (value) => {
    if (!isPlainObject(value)) return value
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value)) setOwn(out, key, value[key])
    for (const [name, convert] of members) {
      if (Object.hasOwn(value, name)) {
        if (convert !== undefined) setOwn(out, name, convert(value[name]))
      } else if (fill) setOwn(out, name, null)
    }
    return out
  }
}
