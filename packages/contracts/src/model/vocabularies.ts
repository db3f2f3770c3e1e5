/** Field types of a contract. */
export const FieldType = {
  string: 'string',
  int: 'int',
  float: 'float',
  decimal: 'decimal',
  bool: 'bool',
  date: 'date',
  timestamp: 'timestamp',
  array: 'array',
  object: 'object',
  json: 'json',
} as const
export type FieldType = (typeof FieldType)[keyof typeof FieldType]

/** What validation does with fields the contract does not declare. */
export const UnknownFields = { reject: 'reject', drop: 'drop', keep: 'keep' } as const
export type UnknownFields = (typeof UnknownFields)[keyof typeof UnknownFields]

/** How a tagged field is masked. */
export const MaskKind = { redact: 'redact', hash: 'hash', tokenize: 'tokenize' } as const
export type MaskKind = (typeof MaskKind)[keyof typeof MaskKind]

/** String formats a field can require. */
export const StringFormat = {
  email: 'email',
  uuid: 'uuid',
  uri: 'uri',
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  hostname: 'hostname',
  phone: 'phone',
  country: 'country',
  currency: 'currency',
} as const
export type StringFormat = (typeof StringFormat)[keyof typeof StringFormat]

/** Data classification of a whole contract. */
export const Classification = {
  public: 'public',
  internal: 'internal',
  confidential: 'confidential',
  restricted: 'restricted',
} as const
export type Classification = (typeof Classification)[keyof typeof Classification]

/** Validation rules: each validation error names exactly one. */
export const Rule = {
  type: 'type',
  required: 'required',
  nullable: 'nullable',
  enum: 'enum',
  min: 'min',
  max: 'max',
  length: 'length',
  pattern: 'pattern',
  format: 'format',
  unique: 'unique',
  check: 'check',
  unknownField: 'unknown_field',
  /** Not a contract rule: the bytes read are not valid UTF-8 (reported by sources). */
  encoding: 'encoding',
  /** Not a contract rule: the record as read nests deeper than sources accept. */
  depth: 'depth',
} as const
export type Rule = (typeof Rule)[keyof typeof Rule]
