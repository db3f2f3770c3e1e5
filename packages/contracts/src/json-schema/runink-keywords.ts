import type { MaskKind, StringFormat } from '../model/index.js'

/**
 * Extension keywords that carry what JSON Schema cannot say, so an export imports back to the
 * same contract. Validators must be told about them (Ajv: `ajv.addVocabulary(RUNINK_KEYWORDS)`).
 */
export const RuninkKeyword = {
  version: 'x-runink-version',
  owner: 'x-runink-owner',
  classification: 'x-runink-classification',
  unknownFields: 'x-runink-unknown_fields',
  /** `decimal` on a `number` schema: JSON Schema has one number type. */
  type: 'x-runink-type',
  /** A format JSON Schema lacks (phone, country, currency), exported as a pattern. */
  format: 'x-runink-format',
  /** Bounds of dates and timestamps, which JSON Schema cannot compare. */
  min: 'x-runink-min',
  max: 'x-runink-max',
  unique: 'x-runink-unique',
  /** `required` on an array's element spec, where JSON Schema has no place for it. */
  required: 'x-runink-required',
  pii: 'x-runink-pii',
  joinKey: 'x-runink-join_key',
  access: 'x-runink-access',
  mask: 'x-runink-mask',
  lineage: 'x-runink-lineage',
  check: 'x-runink-check',
  /** How text writes a date or timestamp (`input_format`), read in coerce mode only. */
  inputFormat: 'x-runink-input_format',
} as const
export type RuninkKeyword = (typeof RuninkKeyword)[keyof typeof RuninkKeyword]

/** Every extension keyword, for registering with a validator. */
export const RUNINK_KEYWORDS: readonly RuninkKeyword[] = Object.values(RuninkKeyword)

/** The dialect exports declare. */
export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema'

/** Formats JSON Schema 2020-12 defines with the same meaning as the contract's. */
export const STANDARD_FORMATS: readonly StringFormat[] = [
  'email',
  'uuid',
  'uri',
  'ipv4',
  'ipv6',
  'hostname',
]

/**
 * Patterns standing in for the other formats. Phone is exact (E.164); country and currency
 * accept any code of the right shape, as the ISO lists do not fit a pattern.
 */
export const FORMAT_PATTERNS: Readonly<Partial<Record<StringFormat, string>>> = {
  phone: '^\\+[1-9]\\d{1,14}$',
  country: '^[A-Z]{2}$',
  currency: '^[A-Z]{3}$',
}

/** The masked forms (see model/masked-forms.ts) as schemas, so masked records validate. */
export const MASKED_FORM_SCHEMAS: Readonly<Record<MaskKind, Readonly<Record<string, string>>>> = {
  redact: { type: 'string', pattern: '^\\[REDACTED\\]$' },
  hash: { type: 'string', pattern: '^hash:[0-9a-f]{64}$' },
  tokenize: { type: 'string', pattern: '^tok:[A-Za-z0-9_-]{1,128}$' },
}

/** The `$id` of a contract's schema. */
export const schemaIdOf = (name: string, version: string): string =>
  `urn:runink:contract:${name}:${version}`
