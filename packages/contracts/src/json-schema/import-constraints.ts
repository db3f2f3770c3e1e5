import { isDeepStrictEqualJson } from './json-equal.js'
import type { FieldType, Scalar } from '../model/index.js'
import type { ImportContext } from './import-context.js'
import { FORMAT_PATTERNS, RuninkKeyword as X, STANDARD_FORMATS } from './runink-keywords.js'

type Schema = Readonly<Record<string, unknown>>
type Out = Record<string, unknown>

/** Where constraint reading happens: the schema, its pointer, and the keywords consumed. */
export interface Site {
  readonly ctx: ImportContext
  readonly path: string
  readonly node: Schema
  readonly used: Set<string>
}

const NUMERIC: readonly FieldType[] = ['int', 'float', 'decimal']

function fits(type: FieldType, v: unknown): v is Scalar {
  switch (type) {
    case 'string':
    case 'date':
    case 'timestamp':
      return typeof v === 'string'
    case 'int':
      return Number.isSafeInteger(v)
    case 'float':
    case 'decimal':
      return typeof v === 'number' && Number.isFinite(v)
    case 'bool':
      return typeof v === 'boolean'
    default:
      return false
  }
}

/** `enum` or `const` → the contract's enum; null members are the nullable flag's business. */
export function readEnum(site: Site, type: FieldType, out: Out): void {
  const { node, ctx, path, used } = site
  const key = 'const' in node ? 'const' : 'enum' in node ? 'enum' : undefined
  if (key === undefined) return
  const raw = key === 'const' ? [node.const] : node.enum
  if (!Array.isArray(raw)) return ctx.problem(path, '"enum" must be a list')
  used.add(key)
  const values: Scalar[] = []
  for (const v of raw) {
    if (v === null) continue
    if (fits(type, v) && !values.includes(v)) values.push(v)
    else if (!fits(type, v))
      ctx.unsupportedAt(
        path,
        key,
        `value ${JSON.stringify(v)} cannot be a ${type} enum value: left out`,
      )
  }
  if (values.length > 0) out.enum = values
  else if (raw.some((v) => v !== null))
    ctx.unsupportedAt(path, key, `no value fits a ${type} field: no enum kept`)
}

function num(site: Site, key: string): number | undefined {
  const v = site.node[key]
  if (v === undefined) return undefined
  site.used.add(key)
  if (typeof v === 'number' && Number.isFinite(v)) return v
  site.ctx.problem(site.path, `"${key}" must be a number`)
  return undefined
}

/** An exclusive bound: exact for ints (the next integer), else kept as an inclusive bound. */
function exclusive(site: Site, key: string, type: FieldType, up: boolean): number | undefined {
  const v = num(site, key)
  if (v === undefined) return undefined
  if (type === 'int') return up ? Math.floor(v) + 1 : Math.ceil(v) - 1
  site.ctx.unsupportedAt(site.path, key, `exclusive bound kept as the inclusive bound ${v}`)
  return v
}

/** minimum/maximum (numbers) and x-runink-min/max (dates, timestamps). */
export function readBounds(site: Site, type: FieldType, out: Out): void {
  if (NUMERIC.includes(type)) {
    const lows = [num(site, 'minimum'), exclusive(site, 'exclusiveMinimum', type, true)]
    const highs = [num(site, 'maximum'), exclusive(site, 'exclusiveMaximum', type, false)]
    const lo = lows.filter((v) => v !== undefined)
    const hi = highs.filter((v) => v !== undefined)
    if (lo.length > 0) out.min = Math.max(...lo)
    if (hi.length > 0) out.max = Math.min(...hi)
  } else if (type === 'date' || type === 'timestamp') {
    for (const [key, side] of [
      [X.min, 'min'],
      [X.max, 'max'],
    ] as const) {
      const v = site.node[key]
      if (v === undefined) continue
      site.used.add(key)
      if (typeof v === 'string') out[side] = v
      else site.ctx.problem(site.path, `"${key}" must be a date or timestamp string`)
    }
  }
}

/** minLength/maxLength (strings) or minItems/maxItems (arrays) → `length`. */
export function readLength(site: Site, type: FieldType, out: Out): void {
  const [minKey, maxKey] =
    type === 'string'
      ? ['minLength', 'maxLength']
      : type === 'array'
        ? ['minItems', 'maxItems']
        : []
  if (minKey === undefined || maxKey === undefined) return
  const length: Record<string, number> = {}
  for (const [key, side] of [
    [minKey, 'min'],
    [maxKey, 'max'],
  ] as const) {
    const v = num(site, key)
    if (v !== undefined && Number.isSafeInteger(v) && v >= 0) length[side] = v
    else if (v !== undefined) site.ctx.problem(site.path, `"${key}" must be a non-negative integer`)
  }
  if (Object.keys(length).length > 0) out.length = length
}

/** pattern and format of a string; a Runink-only format also owns the pattern standing for it. */
export function readText(site: Site, type: FieldType, out: Out): void {
  const { node, used, ctx, path } = site
  if (type === 'date' || type === 'timestamp') {
    used.add('format')
    return
  }
  if (type !== 'string') return
  const own = node[X.format]
  const stand =
    typeof own === 'string' ? FORMAT_PATTERNS[own as keyof typeof FORMAT_PATTERNS] : undefined
  let pattern = node.pattern
  if (own !== undefined) {
    used.add(X.format)
    if (stand === undefined) ctx.problem(path, `unknown ${X.format} ${JSON.stringify(own)}`)
    else {
      out.format = own
      if (isDeepStrictEqualJson(node.allOf, [{ pattern: stand }])) used.add('allOf')
      else if (pattern === stand) pattern = undefined
    }
  }
  if ('pattern' in node) used.add('pattern')
  if (typeof pattern === 'string') out.pattern = pattern
  else if (pattern !== undefined) ctx.problem(path, '"pattern" must be a string')
  const format = node.format
  if (format === undefined) return
  if (typeof format === 'string' && (STANDARD_FORMATS as readonly string[]).includes(format)) {
    used.add('format')
    out.format = format
  }
}
