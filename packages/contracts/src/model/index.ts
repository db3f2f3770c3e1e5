export {
  FieldType,
  UnknownFields,
  MaskKind,
  StringFormat,
  Classification,
  Rule,
} from './vocabularies.js'
export type {
  Scalar,
  LengthBounds,
  FieldSpec,
  Contract,
  ContractSource,
  LoadedContract,
} from './contract.js'
export { REDACTED, HASH_PREFIX, TOKEN_PREFIX, isMaskedValue } from './masked-forms.js'
export { fieldSpec } from './field-spec.js'
