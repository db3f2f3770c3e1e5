import { describe, expect, it } from 'vitest'
import { RuninkError, isRuninkError } from './runink-error.js'
import { defineErrorCodes, surfaceOf, ExitCode } from './error-codes.js'
import { didYouMean } from './did-you-mean.js'
import { isOneOf, Severity } from './vocabularies.js'

describe('RuninkError', () => {
  const Codes = defineErrorCodes({ RUNINK_TEST_BAD_INPUT: 'input', RUNINK_TEST_BROKEN: 'failed' })
  it('carries a stable code, details and retryability', () => {
    const e = new RuninkError(Codes.RUNINK_TEST_BAD_INPUT, 'bad', {
      details: { file: 'x' },
      retryable: true,
    })
    expect(isRuninkError(e)).toBe(true)
    expect(e.toJSON()).toEqual({
      code: 'RUNINK_TEST_BAD_INPUT',
      message: 'bad',
      details: { file: 'x' },
      retryable: true,
    })
    expect(isRuninkError(new Error('plain'))).toBe(false)
  })
  it('maps codes to HTTP statuses and exit codes through one table', () => {
    expect(surfaceOf(Codes.RUNINK_TEST_BAD_INPUT)).toEqual({ http: 400, exit: ExitCode.usage })
    expect(surfaceOf(Codes.RUNINK_TEST_BROKEN)).toEqual({ http: 422, exit: ExitCode.failed })
    expect(surfaceOf('RUNINK_NEVER_REGISTERED')).toEqual({ http: 500, exit: ExitCode.failed })
  })
})

describe('helpers', () => {
  it('suggests close candidates only', () => {
    expect(didYouMean('requred', ['required', 'nullable'])).toBe('required')
    expect(didYouMean('zzzzzz', ['required', 'nullable'])).toBeUndefined()
  })
  it('checks closed vocabularies', () => {
    expect(isOneOf(Severity, 'error')).toBe(true)
    expect(isOneOf(Severity, 'fatal')).toBe(false)
  })
})
