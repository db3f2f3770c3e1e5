import { describe, expect, it } from 'vitest'
import { isDateString, isoOfMs, timestampMs } from './temporal.js'

describe('isDateString', () => {
  it('accepts real calendar dates only', () => {
    for (const ok of ['2024-02-29', '2000-02-29', '1999-12-31', '0001-01-01']) {
      expect(isDateString(ok)).toBe(true)
    }
    for (const bad of ['2023-02-29', '1900-02-29', '2024-13-01', '2024-04-31', '2024-00-10']) {
      expect(isDateString(bad)).toBe(false)
    }
    for (const bad of ['2024-1-01', '2024/01/01', '20240101', '2024-01-01T00:00:00Z', '']) {
      expect(isDateString(bad)).toBe(false)
    }
  })
})

describe('timestampMs', () => {
  it('agrees with Date.parse on RFC 3339 forms', () => {
    for (const s of [
      '2024-05-01T10:00:00Z',
      '2024-05-01T10:00:00.123Z',
      '2024-05-01t10:00:00+02:00',
      '2024-05-01 10:00:00-05:30',
      '1970-01-01T00:00:00Z',
      '1969-12-31T23:59:59.999Z',
    ]) {
      expect(timestampMs(s, true)).toBe(Date.parse(s.replace(' ', 'T').replace('t', 'T')))
    }
  })

  it('cuts fractions to milliseconds', () => {
    expect(timestampMs('2024-05-01T10:00:00.1239Z', true)).toBe(
      Date.parse('2024-05-01T10:00:00.123Z'),
    )
  })

  it('treats a missing offset as UTC unless an offset is required', () => {
    expect(timestampMs('2024-05-01T10:00:00', true)).toBeNaN()
    expect(timestampMs('2024-05-01T10:00:00', false)).toBe(Date.parse('2024-05-01T10:00:00Z'))
  })

  it('rejects malformed and out-of-range timestamps', () => {
    for (const bad of [
      '2024-05-01',
      '2024-05-01T24:00:00Z',
      '2024-05-01T10:60:00Z',
      '2024-05-01T10:00:60Z',
      '2024-02-30T10:00:00Z',
      '2024-05-01T10:00:00.Z',
      '2024-05-01T10:00:00+0200',
      '2024-05-01T10:00:00+24:00',
      '2024-05-01T10:00:00ZZ',
      '2024-05-01X10:00:00Z',
      'not a timestamp at all',
    ]) {
      expect(timestampMs(bad, false)).toBeNaN()
    }
  })

  it('normalises through isoOfMs', () => {
    expect(isoOfMs(timestampMs('2024-05-01 12:00:00+02:00', true))).toBe('2024-05-01T10:00:00.000Z')
  })
})

describe('isoOfMs', () => {
  it('matches Date#toISOString across the supported range', () => {
    const samples = [
      0, -1, 1, 951_782_400_000, 253_402_300_799_999, -62_167_219_200_000, -62_167_219_200_001,
    ]
    for (let i = 0; i < 2000; i++)
      samples.push(Math.floor((i / 2000) * 253_402_300_799_999 * 2) - 62_167_219_200_000)
    for (const ms of samples) expect(isoOfMs(ms)).toBe(new Date(ms).toISOString())
  })
})
