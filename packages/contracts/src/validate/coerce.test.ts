import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  NOT_JSON,
  coerceBool,
  coerceDecimal,
  coerceFloat,
  coerceInt,
  coerceJson,
  coerceTimestamp,
} from './coerce.js'

describe('coerce', () => {
  it('int: digits with an optional sign, within the safe range', () => {
    expect(coerceInt('42')).toBe(42)
    expect(coerceInt('-007')).toBe(-7)
    expect(coerceInt('+3')).toBe(3)
    expect(Object.is(coerceInt('-0'), 0)).toBe(true)
    expect(coerceInt('9007199254740991')).toBe(9007199254740991)
    for (const bad of ['9007199254740992', '1.0', '1e3', '0x10', ' 1', '1,000', '', '-']) {
      expect(coerceInt(bad)).toBeUndefined()
    }
  })

  it('float: decimal and exponent notation only', () => {
    expect(coerceFloat('1.5')).toBe(1.5)
    expect(coerceFloat('-.5')).toBe(-0.5)
    expect(coerceFloat('1e3')).toBe(1000)
    expect(coerceFloat('2.5E-2')).toBe(0.025)
    for (const bad of ['0x1A', 'Infinity', 'NaN', '1,000.5', '1e400', '1.2.3', '', '.', 'e5']) {
      expect(coerceFloat(bad)).toBeUndefined()
    }
  })

  it('decimal: plain notation with at most 15 significant digits', () => {
    expect(coerceDecimal('12.50')).toBe(12.5)
    expect(coerceDecimal('-0.000123')).toBe(-0.000123)
    expect(coerceDecimal('123456789012345')).toBe(123456789012345)
    expect(coerceDecimal('1.23456789012345000')).toBe(1.23456789012345)
    expect(coerceDecimal('1234567890123456')).toBeUndefined()
    expect(coerceDecimal('0.1234567890123456')).toBeUndefined()
    for (const bad of ['1e3', '1.', '.5', '1,5', 'abc', ''])
      expect(coerceDecimal(bad)).toBeUndefined()
  })

  it('bool: true/false in any case, 1/0', () => {
    expect(coerceBool('TRUE')).toBe(true)
    expect(coerceBool('False')).toBe(false)
    expect(coerceBool('1')).toBe(true)
    expect(coerceBool('0')).toBe(false)
    for (const bad of ['yes', 't', '2', '']) expect(coerceBool(bad)).toBeUndefined()
  })

  it('timestamp: RFC 3339 to toISOString form', () => {
    expect(coerceTimestamp('2024-05-01 10:00:00')).toBe('2024-05-01T10:00:00.000Z')
    expect(coerceTimestamp('2024-05-01T10:00:00.5-01:00')).toBe('2024-05-01T11:00:00.500Z')
    expect(coerceTimestamp('2024-05-01')).toBeUndefined()
  })

  it('timestamp: any instant written with Z, with or without milliseconds, gives toISOString', () => {
    const instant = fc.integer({
      min: -62_167_219_200_000,
      max: Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    })
    fc.assert(
      fc.property(instant, fc.boolean(), (ms, withMs) => {
        const iso = new Date(ms).toISOString()
        if (iso.startsWith('-') || iso.startsWith('+')) return
        const text = withMs ? iso : `${iso.slice(0, 19)}Z`
        const expected = withMs ? iso : `${iso.slice(0, 19)}.000Z`
        expect(coerceTimestamp(text)).toBe(expected)
        expect(coerceTimestamp(text.replace('T', ' '))).toBe(expected)
      }),
      { numRuns: 500 },
    )
    expect(coerceTimestamp('2024-02-30T10:00:00Z')).toBeUndefined()
    expect(coerceTimestamp('2024-02-29T10:00:00.123Z')).toBe('2024-02-29T10:00:00.123Z')
  })

  it('json: a JSON text or NOT_JSON', () => {
    expect(coerceJson('{"a":[1]}')).toEqual({ a: [1] })
    expect(coerceJson('null')).toBeNull()
    expect(coerceJson('{a:1}')).toBe(NOT_JSON)
  })
})
