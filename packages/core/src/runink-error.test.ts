import { describe, expect, it } from 'vitest'
import { RuninkError, isRuninkError } from './runink-error.js'
import { didYouMean } from './did-you-mean.js'
import { isOneOf, Severity } from './vocabularies.js'

describe('RuninkError', () => {
  it('carries a stable code, details and retryability', () => {
    const e = new RuninkError('RUNINK_TEST_BAD_INPUT', 'bad', {
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
