import { describe, it, expect } from 'vitest'
import { redact, REDACTED } from './redact.js'

describe('redact', () => {
  it('redacts secret-looking keys at any depth, in arrays too', () => {
    expect(
      redact({
        a: [{ Password: 'x', ok: 1 }],
        db_secret: 's',
        authToken: 't',
        SSN: '1',
        passes: 3,
      }),
    ).toEqual({
      a: [{ Password: REDACTED, ok: 1 }],
      db_secret: REDACTED,
      authToken: REDACTED,
      SSN: REDACTED,
      passes: 3,
    })
  })
  it('redacts caller PII paths with * wildcards and leaves the input untouched', () => {
    const input = {
      rows: [
        { name: 'Ann', age: 3 },
        { name: 'Bo', age: 4 },
      ],
      owner: { email: 'e' },
    }
    expect(redact(input, ['rows.*.name', 'owner.email'])).toEqual({
      rows: [
        { name: REDACTED, age: 3 },
        { name: REDACTED, age: 4 },
      ],
      owner: { email: REDACTED },
    })
    expect(input.rows[0]?.name).toBe('Ann')
  })
  it('drops undefined so the hash covers exactly what is stored', () => {
    expect(redact({ a: undefined, b: 1 })).toEqual({ b: 1 })
  })
})
