export { compileValidator } from './compile-validator.js'
export { ValidateCodes } from './validate-codes.js'
export type {
  ValidationError,
  ValidationResult,
  Validator,
  ValidatorOptions,
} from './validation-result.js'
