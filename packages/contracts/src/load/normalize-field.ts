import { FieldType, MaskKind, StringFormat, UnknownFields, type FieldSpec } from '../model/index.js'
import type { DocEntry, DocNode, Position } from './doc-node.js'
import { APPLIES_TO, FIELD_KEYS, type FieldKey } from './field-rules.js'
import { childPath, type ProblemSink } from './problem-sink.js'
import {
  checkRange,
  readBound,
  readCheck,
  readEnum,
  readLength,
  readPattern,
} from './read-constraints.js'
import { readBool, readChoice, readMap, readString } from './read-values.js'
import { compileInputFormat } from '../validate/input-format.js'

const FLAGS = ['required', 'nullable', 'unique', 'pii', 'join_key'] as const

/**
 * Checks one field (a mapping, or a bare type name as shorthand) and normalises it to a
 * {@link FieldSpec}. Returns undefined when it or anything inside it has a problem.
 */
export function normalizeField(
  sink: ProblemSink,
  path: string,
  node: DocNode,
  keyAt?: Position,
): FieldSpec | undefined {
  const before = sink.problems.length
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    // Shorthand `price: decimal`: the whole value is the type.
    const type = readChoice(sink, path, { key: 'type', keyAt, value: node }, FieldType, 'type')
    if (type === 'array')
      sink.missing(path, node, keyAt, 'items', 'an array field needs its element type')
    return type === undefined || sink.problems.length > before ? undefined : withFlags(type, {})
  }
  const map = readMap(sink, path, node, FIELD_KEYS, keyAt)
  if (map === undefined) return undefined
  const typeEntry = map.get('type')
  const type =
    typeEntry === undefined
      ? undefined
      : readChoice(sink, childPath(path, 'type'), typeEntry, FieldType, 'type')
  if (typeEntry === undefined) sink.missing(path, node, keyAt, 'type', 'every field needs a type')

  const applicable = new Map<FieldKey, DocEntry>()
  for (const [key, entry] of map as Map<FieldKey, DocEntry>) {
    const types = APPLIES_TO[key]
    // `unique: false` is what every normalised spec says, so it stays harmless on any type.
    const off = entry.value.kind === 'scalar' && entry.value.value === false
    if (type === undefined || types === undefined || types.includes(type) || off)
      applicable.set(key, entry)
    else {
      const hint = `${key} applies to ${types.join(', ')} fields`
      sink.invalidEntry(
        childPath(path, key),
        entry,
        `"${key}" does not apply to ${type} fields`,
        hint,
      )
    }
  }
  const spec = readOptions(sink, path, applicable, type)
  if (type === 'array' && !map.has('items'))
    sink.missing(path, node, keyAt, 'items', 'an array field needs its element type')
  return type === undefined || sink.problems.length > before ? undefined : withFlags(type, spec)
}

/** Reads every optional key; `entries` holds only keys that apply to the field's type. */
function readOptions(
  sink: ProblemSink,
  path: string,
  entries: ReadonlyMap<FieldKey, DocEntry>,
  type: FieldType | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const set = (key: FieldKey, value: unknown): void => {
    if (value !== undefined) out[key] = value
  }
  for (const [key, entry] of entries) {
    const at = childPath(path, key)
    switch (key) {
      case 'type':
        break
      case 'required':
      case 'nullable':
      case 'unique':
      case 'pii':
      case 'join_key':
        set(key, readBool(sink, at, entry))
        break
      case 'enum':
        set(key, readEnum(sink, at, entry, type))
        break
      case 'min':
      case 'max':
        set(key, readBound(sink, at, entry, type))
        break
      case 'length':
        set(key, readLength(sink, at, entry))
        break
      case 'pattern':
        set(key, readPattern(sink, at, entry))
        break
      case 'format':
        set(key, readChoice(sink, at, entry, StringFormat, 'format'))
        break
      case 'input_format':
        set(key, readInputFormat(sink, at, entry, type))
        break
      case 'check':
        set(key, readCheck(sink, at, entry))
        break
      case 'mask':
        set(key, readChoice(sink, at, entry, MaskKind, 'mask'))
        break
      case 'unknown_fields':
        set(key, readChoice(sink, at, entry, UnknownFields, 'unknown_fields policy'))
        break
      case 'access':
      case 'lineage':
      case 'description':
        set(key, readString(sink, at, entry))
        break
      case 'items':
        set(key, normalizeField(sink, at, entry.value, entry.keyAt))
        break
      case 'fields':
        set(key, normalizeFields(sink, at, entry.value, entry.keyAt))
        break
    }
  }
  const min = entries.get('min')
  const max = entries.get('max')
  if (min !== undefined && max !== undefined && out.min !== undefined && out.max !== undefined)
    checkRange(sink, childPath(path, 'min'), min, max)
  return out
}

/** An `input_format` pattern that compiles for the field's type (date or timestamp). */
function readInputFormat(
  sink: ProblemSink,
  path: string,
  entry: DocEntry,
  type: FieldType | undefined,
): string | undefined {
  const pattern = readString(sink, path, entry)
  if (pattern === undefined || (type !== 'date' && type !== 'timestamp')) return undefined
  const compiled = compileInputFormat(pattern, type)
  if (typeof compiled !== 'string') return pattern
  sink.invalidEntry(
    path,
    entry,
    `input_format "${pattern}" cannot read a ${type}: ${compiled}`,
    'e.g. input_format: "dd/MM/yyyy HH:mm"',
  )
  return undefined
}

/** The spec with its flags defaulted to false, in the model's key order. */
function withFlags(type: FieldType, options: Record<string, unknown>): FieldSpec {
  const spec: Record<string, unknown> = { type }
  for (const flag of FLAGS) spec[flag] = options[flag] ?? false
  for (const key of FIELD_KEYS)
    if (!(key in spec) && options[key] !== undefined) spec[key] = options[key]
  return spec as unknown as FieldSpec
}

/** A mapping of field name to field, in declaration order; undefined when any has a problem. */
export function normalizeFields(
  sink: ProblemSink,
  path: string,
  node: DocNode,
  keyAt?: Position,
): Record<string, FieldSpec> | undefined {
  if (node.kind !== 'map') {
    sink.invalid(path, node.at ?? keyAt, 'expected a mapping of field names to fields')
    return undefined
  }
  const before = sink.problems.length
  const out: Record<string, FieldSpec> = {}
  for (const entry of node.entries) {
    const spec = normalizeField(sink, childPath(path, entry.key), entry.value, entry.keyAt)
    if (spec !== undefined)
      Object.defineProperty(out, entry.key, {
        value: spec,
        enumerable: true,
        writable: false,
        configurable: true,
      })
  }
  return sink.problems.length > before ? undefined : out
}
