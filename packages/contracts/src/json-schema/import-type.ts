import type { FieldType } from '../model/index.js'
import type { ImportContext } from './import-context.js'
import { RuninkKeyword as X } from './runink-keywords.js'

type Schema = Readonly<Record<string, unknown>>

/** The contract type of a schema and whether the schema lets null through. */
export interface ImportedType {
  readonly type: FieldType
  readonly allowsNull: boolean
}

const JSON_TYPES = ['string', 'number', 'boolean', 'object', 'array']
const has = (node: Schema, keys: readonly string[]): boolean => keys.some((k) => k in node)

function fromName(name: string, node: Schema): FieldType | undefined {
  switch (name) {
    case 'string':
      return node.format === 'date' ? 'date' : node.format === 'date-time' ? 'timestamp' : 'string'
    case 'integer':
      return 'int'
    case 'number':
      return node[X.type] === 'decimal' ? 'decimal' : 'float'
    case 'boolean':
      return 'bool'
    case 'object':
      return 'object'
    case 'array':
      return 'array'
    default:
      return undefined
  }
}

/** The type of enum values: one JSON type for all of them, else undefined. */
function typeOfValues(values: readonly unknown[]): string | undefined {
  const kinds = new Set(
    values.map((v) =>
      Number.isSafeInteger(v) ? 'integer' : Array.isArray(v) ? 'array' : typeof v,
    ),
  )
  if (kinds.size === 2 && kinds.has('integer') && kinds.has('number')) return 'number'
  const [only] = kinds
  return kinds.size === 1 && only !== undefined && only !== 'object' ? only : undefined
}

/** Reads the type of a schema without `type` from the keywords it uses; undefined: any value. */
function inferName(node: Schema): [name: string, from: string] | undefined {
  if (has(node, ['properties', 'required', 'additionalProperties']))
    return ['object', 'its object keywords']
  if (has(node, ['items', 'minItems', 'maxItems'])) return ['array', 'its array keywords']
  const values = 'const' in node ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined
  if (values !== undefined) {
    const name = typeOfValues(values.filter((v) => v !== null))
    if (name !== undefined) return [name, 'its enum values']
  }
  if (has(node, ['format', 'pattern', 'minLength', 'maxLength']))
    return ['string', 'its string keywords']
  if (has(node, ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']))
    return ['number', 'its number keywords']
  return undefined
}

/** True when an `enum`/`const` of the schema leaves null out. */
function enumExcludesNull(node: Schema): boolean {
  if ('const' in node) return node.const !== null
  return Array.isArray(node.enum) && !node.enum.includes(null)
}

/**
 * The contract type of `node`. A union that is every non-null JSON type is `json`; other unions
 * and schemas of no type but with typed keywords are reported as approximations.
 */
export function importType(ctx: ImportContext, path: string, node: Schema): ImportedType {
  const raw = node.type
  if (raw === undefined) {
    const inferred = inferName(node)
    if (inferred === undefined) return { type: 'json', allowsNull: !enumExcludesNull(node) }
    const [name, from] = inferred
    ctx.unsupportedAt(path, 'type', `no "type": read as ${name} from ${from}`)
    return { type: fromName(name, node) ?? 'json', allowsNull: !enumExcludesNull(node) }
  }
  const names = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : undefined
  if (names === undefined || names.some((n) => typeof n !== 'string')) {
    ctx.problem(path, '"type" must be a type name or a list of them')
    return { type: 'json', allowsNull: true }
  }
  const allowsNull = names.includes('null') && !enumExcludesNull(node)
  const rest = (names as string[]).filter((n) => n !== 'null')
  if (rest.length === 1) {
    const type = fromName(rest[0] as string, node)
    if (type === undefined) ctx.problem(path, `unknown type ${JSON.stringify(rest[0])}`)
    return { type: type ?? 'json', allowsNull }
  }
  if (rest.length === 0)
    ctx.unsupportedAt(path, 'type', 'a field that can only be null: read as nullable json')
  else if (rest.every((n) => n === 'integer' || n === 'number'))
    return { type: 'float', allowsNull }
  else if (!JSON_TYPES.every((n) => rest.includes(n)))
    ctx.unsupportedAt(
      path,
      'type',
      `the union ${rest.join(' | ')} has no contract type: read as json`,
    )
  return { type: 'json', allowsNull: rest.length === 0 || allowsNull }
}
