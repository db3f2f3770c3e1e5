import { MaskKind, type FieldSpec, type UnknownFields } from '../model/index.js'
import { isSchemaObject, pointer, type ImportContext } from './import-context.js'
import { readBounds, readEnum, readLength, readText, type Site } from './import-constraints.js'
import { importType } from './import-type.js'
import { isDeepStrictEqualJson } from './json-equal.js'
import { MASKED_FORM_SCHEMAS, RuninkKeyword as X } from './runink-keywords.js'
import { reportLeftovers } from './unsupported-reasons.js'
import { MAX_CONTRACT_DEPTH } from '../load/contract-limits.js'

type Schema = Readonly<Record<string, unknown>>
type Out = Record<string, unknown>

const FLAGS = ['required', 'nullable', 'unique', 'pii', 'join_key'] as const
const ANY: FieldSpec = {
  type: 'json',
  required: false,
  nullable: true,
  unique: false,
  pii: false,
  join_key: false,
}

/** Follows local `$ref`s, merging sibling keywords; undefined (reported) when it cannot. */
function expandRef(
  ctx: ImportContext,
  path: string,
  node: Schema,
  refs: string[],
): Schema | undefined {
  let current = node
  while (typeof current.$ref === 'string') {
    const ref = current.$ref
    if (!ref.startsWith('#')) {
      ctx.unsupportedAt(path, '$ref', `remote reference ${JSON.stringify(ref)}: read as json`)
      return undefined
    }
    if (ctx.expanding.has(ref) || refs.includes(ref)) {
      ctx.unsupportedAt(path, '$ref', `recursive reference ${JSON.stringify(ref)}: read as json`)
      return undefined
    }
    const target = ctx.resolve(ref)
    if (!isSchemaObject(target)) {
      ctx.problem(path, `$ref ${JSON.stringify(ref)} points at no schema`)
      return undefined
    }
    refs.push(ref)
    const { $ref: _, ...siblings } = current
    for (const [k, v] of Object.entries(siblings))
      if (k in target && !isDeepStrictEqualJson(target[k], v))
        ctx.unsupportedAt(path, k, `differs from the referenced schema's; this one is kept`)
    current = { ...target, ...siblings }
  }
  return current
}

/** A masked field's export is `anyOf: [field, masked form]`: take the field back out. */
function unwrapMask(node: Schema): Schema {
  const mask = node[X.mask]
  const anyOf = node.anyOf
  if (typeof mask !== 'string' || !Array.isArray(anyOf) || anyOf.length !== 2) return node
  const form = MASKED_FORM_SCHEMAS[mask as MaskKind]
  const [value, masked] = anyOf as unknown[]
  if (form === undefined || !isSchemaObject(value) || !isDeepStrictEqualJson(masked, form))
    return node
  const { anyOf: _, ...rest } = node
  return { ...value, ...rest }
}

function readTags(site: Site, out: Out): void {
  const { node, used, ctx, path } = site
  const take = (key: string, check: (v: unknown) => boolean, to: string, what: string) => {
    if (!(key in node)) return
    used.add(key)
    if (check(node[key])) out[to] = node[key]
    else ctx.problem(path, `"${key}" must be ${what}`)
  }
  const isText = (v: unknown) => typeof v === 'string' && v !== ''
  take('description', (v) => typeof v === 'string', 'description', 'a string')
  take(X.unique, (v) => typeof v === 'boolean', 'unique', 'true or false')
  take(X.required, (v) => typeof v === 'boolean', 'required', 'true or false')
  take(X.pii, (v) => typeof v === 'boolean', 'pii', 'true or false')
  take(X.joinKey, (v) => typeof v === 'boolean', 'join_key', 'true or false')
  take(X.access, isText, 'access', 'a role name')
  take(X.lineage, isText, 'lineage', 'a non-empty string')
  take(X.check, isText, 'check', 'a CEL expression')
  take(X.inputFormat, isText, 'input_format', 'a date pattern such as dd/MM/yyyy')
  const kinds: readonly unknown[] = Object.values(MaskKind)
  take(X.mask, (v) => kinds.includes(v), 'mask', `one of ${kinds.join(', ')}`)
}

/** The policy of an object: its own keyword, else additionalProperties; absent when inherited. */
function readPolicy(site: Site, inherited: UnknownFields | undefined): UnknownFields | undefined {
  const { node, used, ctx, path } = site
  const extra = node.additionalProperties
  used.add('additionalProperties')
  if (extra !== undefined && typeof extra !== 'boolean')
    ctx.unsupportedAt(path, 'additionalProperties', 'a schema for extra members: read as keep')
  const derived: UnknownFields = extra === false ? 'reject' : 'keep'
  const own = node[X.unknownFields]
  if (own !== undefined) {
    used.add(X.unknownFields)
    if (own === 'reject' || own === 'drop' || own === 'keep') {
      if ((own === 'reject') === (derived === 'reject')) return own
      ctx.unsupportedAt(path, X.unknownFields, `contradicts additionalProperties: ${derived} kept`)
    } else ctx.problem(path, `"${X.unknownFields}" must be reject, drop or keep`)
  }
  // An object that behaves as its parent's policy says inherits it, as the export leaves it.
  if (inherited !== undefined && (inherited === 'reject') === (derived === 'reject'))
    return undefined
  return derived
}

/** The members of an object schema, and the policy its members inherit. */
export function importMembers(
  site: Site,
  inherited: UnknownFields | undefined,
): { fields: Record<string, FieldSpec>; policy: UnknownFields | undefined; own?: UnknownFields } {
  const { node, used, ctx, path } = site
  const own = readPolicy(site, inherited)
  const policy = own ?? inherited
  const fields: Record<string, FieldSpec> = {}
  const props = node.properties ?? {}
  used.add('properties')
  if (!isSchemaObject(props)) ctx.problem(path, '"properties" must be an object')
  const required = new Set<string>()
  if ('required' in node) {
    used.add('required')
    const list = node.required
    if (Array.isArray(list) && list.every((n) => typeof n === 'string'))
      for (const n of list)
        if (isSchemaObject(props) && Object.hasOwn(props, n)) required.add(n)
        else ctx.unsupportedAt(path, 'required', `requires undeclared member ${JSON.stringify(n)}`)
    else ctx.problem(path, '"required" must be a list of names')
  }
  if (isSchemaObject(props))
    for (const [name, sub] of Object.entries(props)) {
      const spec = importField(ctx, pointer(path, 'properties', name), sub, policy ?? 'keep')
      Object.defineProperty(fields, name, {
        value: required.has(name) || spec.required ? { ...spec, required: true } : spec,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
  return own === undefined ? { fields, policy } : { fields, policy, own }
}

/** One field from a schema; `inherited` is the unknown-field policy of the enclosing object. */
export function importField(
  ctx: ImportContext,
  path: string,
  input: unknown,
  inherited: UnknownFields,
): FieldSpec {
  if (input === true) return ANY
  if (!isSchemaObject(input)) {
    if (input === false) ctx.unsupportedAt(path, 'false', 'a schema no value fits: read as json')
    else ctx.problem(path, 'a schema must be an object or a boolean')
    return ANY
  }
  // The import recurses per level, and `$ref`s reused at each level multiply the fields.
  if (ctx.limited) return ANY
  if (ctx.depth >= MAX_CONTRACT_DEPTH) {
    ctx.limit(path, `the schema nests deeper than ${MAX_CONTRACT_DEPTH} levels`)
    return ANY
  }
  if (++ctx.fields > MAX_IMPORTED_FIELDS) {
    const why = `the schema expands to more than ${MAX_IMPORTED_FIELDS} fields (through reused $refs?)`
    ctx.limit(path, why)
    return ANY
  }
  const refs: string[] = []
  const expanded = expandRef(ctx, path, input, refs)
  if (expanded === undefined) return ANY
  for (const ref of refs) ctx.expanding.add(ref)
  ctx.depth++
  try {
    return importExpanded(ctx, path, unwrapMask(expanded), inherited)
  } finally {
    ctx.depth--
    for (const ref of refs) ctx.expanding.delete(ref)
  }
}

/** The most fields one import builds (a real schema has hundreds). */
export const MAX_IMPORTED_FIELDS = 10_000

function importExpanded(ctx: ImportContext, path: string, node: Schema, inherited: UnknownFields) {
  // `$defs` only hold schemas for `$ref`s; what they say is read where they are referenced.
  const used = new Set<string>(['type', '$ref', '$defs', 'definitions'])
  const site: Site = { ctx, path, node, used }
  const { type, allowsNull } = importType(ctx, path, node)
  if (type === 'decimal') used.add(X.type)
  const out: Out = {
    type,
    required: false,
    nullable: allowsNull,
    unique: false,
    pii: false,
    join_key: false,
  }
  readEnum(site, type, out)
  readBounds(site, type, out)
  readLength(site, type, out)
  readText(site, type, out)
  readTags(site, out)
  if (type === 'array') {
    used.add('items')
    out.items =
      'items' in node ? importField(ctx, pointer(path, 'items'), node.items, inherited) : ANY
  }
  if (type === 'object') {
    const members = importMembers(site, inherited)
    out.fields = members.fields
    if (members.own !== undefined) out.unknown_fields = members.own
  }
  reportLeftovers(site, type)
  for (const flag of FLAGS) out[flag] ??= false
  return out as unknown as FieldSpec
}
