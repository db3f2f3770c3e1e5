import { fieldSpec, type Contract } from '@runink/contracts'
import { describe, expect, it } from 'vitest'
import { deadLetterFactory, describeDeadLetter, sampled } from './dead-letter-envelope.js'

const contract: Contract = {
  contract: 'p',
  version: '1.0.0',
  unknown_fields: 'reject',
  fields: {
    email: fieldSpec('string', { format: 'email', mask: 'hash' }),
    qty: fieldSpec('int', { min: 1 }),
  },
}

const emailError = {
  path: 'email',
  rule: 'format' as const,
  expected: 'email',
  actual: 'not-an-email',
  message: 'email: "not-an-email" is not a valid email',
}
const qtyError = {
  path: 'qty',
  rule: 'min' as const,
  expected: 1,
  actual: 0,
  message: 'qty: 0 is below the minimum 1',
}

describe('dead-letter envelopes', () => {
  it('hold the record, its errors, the stage and where it was read', () => {
    const make = deadLetterFactory('silver', { masks: false, contracts: [contract] })
    const letter = make({ email: 'x', qty: 0 }, [qtyError], { uri: 'csv://d/t.csv', position: 7 })
    expect(letter).toEqual({
      record: { email: 'x', qty: 0 },
      errors: [
        {
          field: 'qty',
          rule: 'min',
          expected: 1,
          actual: 0,
          message: 'qty: 0 is below the minimum 1',
        },
      ],
      stage: 'silver',
      source: { uri: 'csv://d/t.csv', position: 7 },
    })
    expect(describeDeadLetter(letter)).toBe('record 7 of d/t.csv: qty: 0 is below the minimum 1')
  })

  it('leave out the value of a field the stage masks, in its error as in the record', () => {
    const make = deadLetterFactory('silver', { masks: true, contracts: [contract] })
    const letter = make({ email: 'hash:ab', qty: 0 }, [emailError, qtyError], null)
    expect(letter.errors).toEqual([
      {
        field: 'email',
        rule: 'format',
        expected: 'email',
        message: 'email: not a valid email (value masked)',
      },
      {
        field: 'qty',
        rule: 'min',
        expected: 1,
        actual: 0,
        message: 'qty: 0 is below the minimum 1',
      },
    ])
    expect(JSON.stringify(letter)).not.toContain('not-an-email')
    expect(describeDeadLetter(letter)).toMatch(/^a record made by a step \(no input position\): /)
  })

  it('fit a report: a huge record is replaced by its size, long values cut', () => {
    const make = deadLetterFactory('s', { masks: false, contracts: [] })
    const huge = make(
      { blob: 'x'.repeat(100_000) },
      [{ ...qtyError, expected: 'y'.repeat(5000) }],
      null,
    )
    const small = sampled(huge)
    expect(small.record).toEqual({ _omitted: 'record of 100011 characters' })
    expect(small.errors[0]?.expected).toBe('[long value]')
    expect(JSON.stringify(small).length).toBeLessThan(2000)
  })
})
