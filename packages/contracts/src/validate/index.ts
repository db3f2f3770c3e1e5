export { compileValidator } from './compile-validator.js'
export { ValidateCodes } from './validate-codes.js'
export type {
  ValidationError,
  ValidationResult,
  Validator,
  ValidatorOptions,
} from './validation-result.js'
export { compileInputFormat, INPUT_FORMAT_TOKENS } from './input-format.js'
export type { InputFormat } from './input-format.js'
export { inputFormatWriter } from './input-format-writer.js'
export type { RecordWriter } from './input-format-writer.js'
