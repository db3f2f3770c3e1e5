import { parseCel } from '@runink/contracts'
import { describe, expect, it } from 'vitest'
import { acceptsInvalid } from './accepts-invalid.js'

const accepts = (cel: string): boolean => acceptsInvalid(parseCel(cel).ast)

describe('acceptsInvalid', () => {
  it('is false only when the condition is provably false for invalid records', () => {
    expect(accepts('!record.valid')).toBe(true)
    expect(accepts('record.valid == false')).toBe(true)
    expect(accepts('record.price > 100.0')).toBe(true)
    expect(accepts('true')).toBe(true)
    expect(accepts('record.valid')).toBe(false)
    expect(accepts('record.valid && record.price > 1.0')).toBe(false)
    expect(accepts('!(!record.valid) || false')).toBe(false)
    expect(accepts('record.valid ? true : false')).toBe(false)
    expect(accepts('record.valid != true')).toBe(true)
    expect(acceptsInvalid(undefined)).toBe(false)
  })
})
