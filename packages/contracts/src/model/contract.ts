import type { Sha256Ref } from '@runink/core'
import type {
  Classification,
  FieldType,
  MaskKind,
  StringFormat,
  UnknownFields,
} from './vocabularies.js'

/** A value allowed in `enum`, `min` and `max`. Dates and timestamps bound by ISO strings. */
export type Scalar = string | number | boolean

/** Length bounds of a string or array (inclusive). `length: 8` in a file is `{min: 8, max: 8}`. */
export interface LengthBounds {
  readonly min?: number
  readonly max?: number
}

/**
 * One field of a contract, normalised: flags are always present (defaults filled in), optional
 * constraints are absent when not set. The same model comes from YAML, JSON and the builder.
 */
export interface FieldSpec {
  readonly type: FieldType
  readonly required: boolean
  readonly nullable: boolean
  readonly unique: boolean
  readonly pii: boolean
  readonly join_key: boolean
  readonly enum?: readonly Scalar[]
  readonly min?: Scalar
  readonly max?: Scalar
  readonly length?: LengthBounds
  readonly pattern?: string
  readonly format?: StringFormat
  /**
   * How text writes a `date` or `timestamp` (coerce mode, e.g. CSV): an LDML-style pattern such
   * as `dd/MM/yyyy HH:mm` (see `compileInputFormat`). The value is stored in ISO form.
   */
  readonly input_format?: string
  /** A CEL expression over `value` (this field) and `record` (the whole record). */
  readonly check?: string
  /** The role that may see this field in role views. */
  readonly access?: string
  readonly mask?: MaskKind
  /** Where this field comes from, e.g. `"bronze.trades.trade_id"`. */
  readonly lineage?: string
  readonly description?: string
  /** Element spec of an `array`. */
  readonly items?: FieldSpec
  /** Member specs of an `object`, in declaration order. */
  readonly fields?: Readonly<Record<string, FieldSpec>>
  /** Unknown-member policy of a nested `object`; the contract's policy when absent. */
  readonly unknown_fields?: UnknownFields
}

/** A data contract, normalised. Its identity is the sha256 of its canonical JSON. */
export interface Contract {
  readonly contract: string
  readonly version: string
  readonly owner?: string
  readonly classification?: Classification
  readonly description?: string
  readonly unknown_fields: UnknownFields
  readonly fields: Readonly<Record<string, FieldSpec>>
}

/** Where a contract came from, for error messages. */
export interface ContractSource {
  readonly file?: string
}

/** A contract with its identity. */
export interface LoadedContract {
  readonly model: Contract
  /** `sha256:<hex>` of the canonical model: field order, formatting and comments do not matter. */
  readonly hash: Sha256Ref
  /** `name@version`. */
  readonly ref: string
  readonly source: ContractSource
}
