import { fieldSpec } from '../model/index.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Contract } from '../model/index.js'
import { compileValidator } from './compile-validator.js'
import type { Validator } from './validation-result.js'

const f = fieldSpec

const everything: Contract = {
  contract: 'all',
  version: '1.0.0',
  unknown_fields: 'reject',
  fields: {
    s: f('string', { pattern: '^[a-z]+$', format: 'hostname', length: { max: 50 }, unique: true }),
    i: f('int', { min: 0, check: 'value < 100' }),
    fl: f('float', { max: 1 }),
    d: f('decimal', { enum: [1, 2] }),
    b: f('bool'),
    da: f('date', { min: '2000-01-01' }),
    ts: f('timestamp', { unique: true }),
    arr: f('array', {
      items: f('object', { fields: { q: f('int', { required: true }) } }),
      unique: true,
    }),
    obj: f('object', {
      fields: { e: f('string', { format: 'email', pii: true }) },
      unknown_fields: 'drop',
    }),
    j: f('json', { unique: true, check: 'record.i != 1' }),
    constructor: f('string'),
    toString: f('int'),
    __proto__: f('object', { fields: {}, unknown_fields: 'keep' }),
  },
}

const validators: Validator[] = (['strict', 'coerce'] as const).flatMap((mode) =>
  (['reject', 'drop', 'keep'] as const).map((unknownFields) =>
    compileValidator(everything, { mode, unknownFields }),
  ),
)

function cyclic(): Record<string, unknown> {
  const o: Record<string, unknown> = { s: 'abc' }
  o.j = o
  o.obj = { e: o }
  o.arr = [o]
  return o
}

const hostile: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['an array', [1, 2]],
  ['a number', 42],
  ['a string', 'record'],
  ['a bigint', 10n],
  ['a symbol', Symbol('s')],
  ['a function', () => ({})],
  ['a Map', new Map([['s', 'a']])],
  ['a Date', new Date()],
  [
    'a class instance',
    new (class Row {
      s = 'abc'
    })(),
  ],
  ['a cyclic object', cyclic()],
  ['a 10 MB string', { s: 'a'.repeat(10_000_000), j: 'b'.repeat(10_000_000), i: '9'.repeat(1000) }],
  [
    'prototype keys',
    JSON.parse(
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"toString":"x"}',
    ),
  ],
  [
    'bigints and symbols inside',
    { i: 1n, fl: Symbol('x'), j: { a: 1n }, arr: [Symbol('y')], [Symbol('k')]: 1 },
  ],
  [
    'a throwing getter',
    Object.defineProperty({}, 's', {
      get: () => {
        throw new Error('boom secret')
      },
      enumerable: true,
    }),
  ],
  [
    'a throwing proxy',
    new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error('trap')
        },
      },
    ),
  ],
  [
    'a proxy throwing on keys',
    new Proxy(
      { s: 'a' },
      {
        ownKeys: () => {
          throw new Error('keys')
        },
      },
    ),
  ],
  [
    'an array with a throwing index',
    {
      arr: Object.defineProperty([], 0, {
        get: () => {
          throw new Error('idx')
        },
      }),
    },
  ],
  ['a deep json value', { j: JSON.parse('['.repeat(5000) + ']'.repeat(5000)) }],
  ['class instances for json and object', { j: new Map(), obj: new Date(), arr: new Set() }],
]

describe('validate never throws', () => {
  for (const [name, input] of hostile) {
    it(`on ${name}`, () => {
      for (const v of validators) {
        const result = v.validate(input)
        expect(typeof result.valid).toBe('boolean')
        if (!result.valid) {
          expect(result.errors.length).toBeGreaterThan(0)
          expect(() => JSON.stringify(result.errors)).not.toThrow()
          expect(JSON.stringify(result.errors)).not.toMatch(/secret|a{201}/)
        }
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      expect(Object.prototype).not.toHaveProperty('polluted')
    })
  }

  it('rejects a non-object record with a type error at the root', () => {
    const result = validators[0]?.validate([1])
    expect(result).toMatchObject({
      valid: false,
      value: undefined,
      errors: [{ path: '', rule: 'type', expected: 'object', actual: '[array]' }],
    })
  })

  it('keeps __proto__ as a plain key in built output', () => {
    const v = compileValidator(everything, { mode: 'coerce', unknownFields: 'keep' })
    const input = JSON.parse('{"__proto__":{"x":1},"extra":{"__proto__":{"y":2}}}') as unknown
    const result = v.validate(input)
    expect(result.valid).toBe(true)
    const value = result.value as Record<string, unknown>
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.prototype.hasOwnProperty.call(value, '__proto__')).toBe(true)
    expect((value as { x?: unknown }).x).toBeUndefined()
  })

  it('reads declared fields named like Object.prototype members as own properties only', () => {
    const v = compileValidator(everything)
    expect(v.validate({}).valid).toBe(true)
    expect(v.validate({ toString: 'x' })).toMatchObject({
      errors: [{ path: 'toString', rule: 'type' }],
    })
  })

  it('on anything fast-check can make', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withTypedArray: true,
          withSparseArray: true,
          withBoxedValues: true,
        }),
        (input) => {
          for (const v of validators) {
            const result = v.validate(input)
            if (typeof result.valid !== 'boolean') return false
            v.validate({ s: 'abc', i: 5, j: input, arr: [input], obj: input, ts: input })
          }
          return true
        },
      ),
      { numRuns: 300 },
    )
  })
})
