import type { Contract, FieldSpec, FieldType, UnknownFields } from '../model/index.js'
import {
  DRAFT_2020_12,
  FORMAT_PATTERNS,
  MASKED_FORM_SCHEMAS,
  RuninkKeyword as X,
  schemaIdOf,
  STANDARD_FORMATS,
} from './runink-keywords.js'

type Schema = Record<string, unknown>

const TYPES: Readonly<Record<FieldType, string | undefined>> = {
  string: 'string',
  int: 'integer',
  float: 'number',
  decimal: 'number',
  bool: 'boolean',
  date: 'string',
  timestamp: 'string',
  array: 'array',
  object: 'object',
  json: undefined,
}

// Every JSON value but null: a non-nullable `json` field.
const NOT_NULL = ['string', 'number', 'boolean', 'object', 'array']

const put = (s: Schema, key: string, value: unknown): void => {
  if (value !== undefined) s[key] = value
}

function typeOf(spec: FieldSpec): Schema {
  const t = TYPES[spec.type]
  if (t === undefined) return spec.nullable ? {} : { type: NOT_NULL }
  const s: Schema = { type: spec.nullable ? [t, 'null'] : t }
  if (spec.type === 'date') s.format = 'date'
  if (spec.type === 'timestamp') s.format = 'date-time'
  if (spec.type === 'decimal') s[X.type] = 'decimal'
  return s
}

function constraintsOf(spec: FieldSpec, s: Schema): void {
  if (spec.enum !== undefined) s.enum = spec.nullable ? [...spec.enum, null] : [...spec.enum]
  const numeric = spec.type === 'int' || spec.type === 'float' || spec.type === 'decimal'
  put(s, numeric ? 'minimum' : X.min, spec.min)
  put(s, numeric ? 'maximum' : X.max, spec.max)
  const array = spec.type === 'array'
  put(s, array ? 'minItems' : 'minLength', spec.length?.min)
  put(s, array ? 'maxItems' : 'maxLength', spec.length?.max)
  put(s, 'pattern', spec.pattern)
  const format = spec.format
  if (format === undefined) return
  if (STANDARD_FORMATS.includes(format)) s.format = format
  else {
    // JSON Schema has one `pattern` per schema; a second one goes in an allOf.
    const pattern = FORMAT_PATTERNS[format]
    if (spec.pattern === undefined) s.pattern = pattern
    else s.allOf = [{ pattern }]
    s[X.format] = format
  }
}

function annotationsOf(spec: FieldSpec, s: Schema): void {
  put(s, 'description', spec.description)
  if (spec.unique) s[X.unique] = true
  if (spec.pii) s[X.pii] = true
  if (spec.join_key) s[X.joinKey] = true
  put(s, X.access, spec.access)
  put(s, X.mask, spec.mask)
  put(s, X.lineage, spec.lineage)
  put(s, X.check, spec.check)
  put(s, X.inputFormat, spec.input_format)
}

function membersOf(fields: Readonly<Record<string, FieldSpec>>, policy: UnknownFields): Schema {
  const properties: Schema = {}
  const required: string[] = []
  for (const [name, spec] of Object.entries(fields)) {
    Object.defineProperty(properties, name, {
      value: fieldSchema(spec, policy),
      enumerable: true,
      writable: true,
      configurable: true,
    })
    if (spec.required) required.push(name)
  }
  const s: Schema = { properties }
  if (required.length > 0) s.required = required
  s.additionalProperties = policy !== 'reject'
  return s
}

/** The schema of one field; `policy` is the unknown-field policy its objects inherit. */
function fieldSchema(spec: FieldSpec, policy: UnknownFields): Schema {
  const value = typeOf(spec)
  constraintsOf(spec, value)
  if (spec.items !== undefined) {
    value.items = fieldSchema(spec.items, policy)
    // Elements are never absent, so `required` there means nothing, but it is in the model.
    if (spec.items.required) (value.items as Schema)[X.required] = true
  }
  if (spec.type === 'object') {
    Object.assign(value, membersOf(spec.fields ?? {}, spec.unknown_fields ?? policy))
    put(value, X.unknownFields, spec.unknown_fields)
  }
  // A masked value is valid as masked, whatever the field's own rules say.
  const s: Schema =
    spec.mask === undefined ? value : { anyOf: [value, { ...MASKED_FORM_SCHEMAS[spec.mask] }] }
  annotationsOf(spec, s)
  return s
}

/**
 * The contract as a JSON Schema 2020-12 document for one record. What JSON Schema cannot say
 * (decimal, tags, date bounds, unique, check, the drop/keep policy) goes in `x-runink-*`
 * keywords, so {@link fromJsonSchema} gives back the same contract.
 */
export function toJsonSchema(contract: Contract): Record<string, unknown> {
  const s: Schema = {
    $schema: DRAFT_2020_12,
    $id: schemaIdOf(contract.contract, contract.version),
    title: contract.contract,
  }
  put(s, 'description', contract.description)
  s.type = 'object'
  s[X.version] = contract.version
  put(s, X.owner, contract.owner)
  put(s, X.classification, contract.classification)
  s[X.unknownFields] = contract.unknown_fields
  Object.assign(s, membersOf(contract.fields, contract.unknown_fields))
  return s
}
