import type {
  FieldSpec,
  FieldType,
  LengthBounds,
  MaskKind,
  StringFormat,
  UnknownFields,
} from '../model/index.js'

/**
 * A field as a contract file declares it (`{ type: 'string', required: true }`). The `field`
 * builders produce these; plain objects in the same shape, and normalised `FieldSpec`s, work too.
 */
export interface FieldDeclaration {
  readonly type: FieldType
  readonly [key: string]: unknown
}

/** A field declaration, a normalised spec, or a bare type name as in `price: decimal`. */
export type FieldInput = FieldDeclaration | FieldSpec | FieldType

/** Options every field type takes. */
export interface FieldOptions {
  readonly required?: boolean
  readonly nullable?: boolean
  readonly pii?: boolean
  readonly join_key?: boolean
  /** A CEL expression over `value` and `record`. */
  readonly check?: string
  readonly access?: string
  readonly mask?: MaskKind
  readonly lineage?: string
  readonly description?: string
}

/** Options of scalar fields, which can also be unique and enumerated. */
export interface ScalarFieldOptions<V> extends FieldOptions {
  readonly unique?: boolean
  readonly enum?: readonly V[]
}

/** Options of a `string` field. */
export interface StringFieldOptions extends ScalarFieldOptions<string> {
  readonly length?: number | LengthBounds
  readonly pattern?: string
  readonly format?: StringFormat
}

/** Options of `int`, `float` and `decimal` fields. */
export interface NumberFieldOptions extends ScalarFieldOptions<number> {
  readonly min?: number
  readonly max?: number
}

/** Options of `date` and `timestamp` fields: bounds and values are ISO strings. */
export interface TemporalFieldOptions extends ScalarFieldOptions<string> {
  readonly min?: string
  readonly max?: string
  /** How text writes the value in coerce mode, e.g. `dd/MM/yyyy HH:mm` (see `input_format`). */
  readonly input_format?: string
}

/** Options of an `array` field. */
export interface ArrayFieldOptions extends FieldOptions {
  readonly length?: number | LengthBounds
}

/** Options of an `object` field. */
export interface ObjectFieldOptions extends FieldOptions {
  readonly unknown_fields?: UnknownFields
}

/** Field builders: `field.string({ required: true })`, `field.array(field.int())`, … */
export const field = {
  /** A `string` field. */
  string: (options: StringFieldOptions = {}): FieldDeclaration => ({ type: 'string', ...options }),
  /** An `int` field. */
  int: (options: NumberFieldOptions = {}): FieldDeclaration => ({ type: 'int', ...options }),
  /** A `float` field. */
  float: (options: NumberFieldOptions = {}): FieldDeclaration => ({ type: 'float', ...options }),
  /** A `decimal` field. */
  decimal: (options: NumberFieldOptions = {}): FieldDeclaration => ({
    type: 'decimal',
    ...options,
  }),
  /** A `bool` field. */
  bool: (options: ScalarFieldOptions<boolean> = {}): FieldDeclaration => ({
    type: 'bool',
    ...options,
  }),
  /** A `date` field (`YYYY-MM-DD`). */
  date: (options: TemporalFieldOptions = {}): FieldDeclaration => ({ type: 'date', ...options }),
  /** A `timestamp` field (ISO 8601). */
  timestamp: (options: TemporalFieldOptions = {}): FieldDeclaration => ({
    type: 'timestamp',
    ...options,
  }),
  /** A `json` field: any JSON value. */
  json: (options: FieldOptions = {}): FieldDeclaration => ({ type: 'json', ...options }),
  /** An `array` field whose elements are `items`. */
  array: (items: FieldInput, options: ArrayFieldOptions = {}): FieldDeclaration => ({
    type: 'array',
    ...options,
    items,
  }),
  /** An `object` field with the given members, in order. */
  object: (
    fields: Readonly<Record<string, FieldInput>>,
    options: ObjectFieldOptions = {},
  ): FieldDeclaration => ({ type: 'object', ...options, fields }),
} as const
