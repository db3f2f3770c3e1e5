import { FieldType, type Scalar } from '../model/index.js'

/** Every key a field may have, in the order the normalised spec lists them. */
export const FIELD_KEYS = [
  'type',
  'required',
  'nullable',
  'unique',
  'pii',
  'join_key',
  'enum',
  'min',
  'max',
  'length',
  'pattern',
  'format',
  'input_format',
  'check',
  'access',
  'mask',
  'lineage',
  'description',
  'items',
  'fields',
  'unknown_fields',
] as const
export type FieldKey = (typeof FIELD_KEYS)[number]

const SCALARS: readonly FieldType[] = [
  'string',
  'int',
  'float',
  'decimal',
  'bool',
  'date',
  'timestamp',
]
const ORDERED: readonly FieldType[] = ['int', 'float', 'decimal', 'date', 'timestamp']

/** The field types a type-specific key applies to; keys not listed apply to every type. */
export const APPLIES_TO: Partial<Readonly<Record<FieldKey, readonly FieldType[]>>> = {
  enum: SCALARS,
  unique: SCALARS,
  min: ORDERED,
  max: ORDERED,
  length: ['string', 'array'],
  pattern: ['string'],
  format: ['string'],
  input_format: ['date', 'timestamp'],
  items: ['array'],
  fields: ['object'],
  unknown_fields: ['object'],
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/

/** True for a real calendar date `YYYY-MM-DD` (no 2023-02-30). */
function isCalendarDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)))
  return date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d)
}

/** True for an ISO 8601 date-time (or a bare date, midnight UTC) with a valid date and time. */
function isTimestamp(text: string): boolean {
  const m = TIMESTAMP.exec(text)
  if (m === null || !isCalendarDate(m[1] ?? '', m[2] ?? '', m[3] ?? '')) return false
  return Number(m[4] ?? 0) < 24 && Number(m[5] ?? 0) < 60 && Number(m[6] ?? 0) < 60
}

/** True when `value` is a valid `enum`, `min` or `max` value for a field of `type`. */
export function fitsType(type: FieldType, value: unknown): value is Scalar {
  switch (type) {
    case 'string':
      return typeof value === 'string'
    case 'int':
      return Number.isSafeInteger(value)
    case 'float':
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value)
    case 'bool':
      return typeof value === 'boolean'
    case 'date': {
      const m = typeof value === 'string' ? DATE.exec(value) : null
      return m !== null && isCalendarDate(m[1] ?? '', m[2] ?? '', m[3] ?? '')
    }
    case 'timestamp':
      return typeof value === 'string' && isTimestamp(value)
    default:
      return false
  }
}

/** What {@link fitsType} expects, for messages. */
export function expectedFor(type: FieldType): string {
  switch (type) {
    case 'string':
      return 'a string'
    case 'int':
      return 'an integer'
    case 'float':
    case 'decimal':
      return 'a number'
    case 'bool':
      return 'true or false'
    case 'date':
      return 'an ISO date string (YYYY-MM-DD)'
    case 'timestamp':
      return 'an ISO 8601 timestamp string'
    default:
      return `nothing (${type} fields take no such values)`
  }
}

/** Orders two bounds that both fit `type`: numbers numerically, dates and timestamps by time. */
export function compareBounds(a: Scalar, b: Scalar): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return epochOf(String(a)) - epochOf(String(b))
}

/** Milliseconds of a date or timestamp; a zoneless time is read as UTC, never as local time. */
function epochOf(text: string): number {
  const iso = text.replace(' ', 'T')
  const zoned = !iso.includes('T') || /(?:Z|[+-]\d{2}:?\d{2})$/.test(iso)
  return Date.parse(zoned ? iso : `${iso}Z`)
}

/** True for a field type name. */
export const isFieldType = (name: unknown): name is FieldType =>
  typeof name === 'string' && Object.values<string>(FieldType).includes(name)
