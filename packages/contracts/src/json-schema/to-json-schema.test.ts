import { fieldSpec } from '../model/index.js'
import { describe, it, expect } from 'vitest'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { Contract, FieldSpec } from '../model/index.js'
import { createMasker } from '../mask/index.js'
import { RUNINK_KEYWORDS } from './runink-keywords.js'
import { toJsonSchema } from './to-json-schema.js'

const f = fieldSpec

/** A strict Ajv 2020-12 that knows the formats and the Runink keywords. */
function compile(schema: object) {
  const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true })
  addFormats(ajv)
  ajv.addVocabulary([...RUNINK_KEYWORDS])
  return ajv.compile(schema)
}

const one = (spec: FieldSpec, unknown_fields: Contract['unknown_fields'] = 'reject') => {
  const schema = toJsonSchema({
    contract: 'c',
    version: '1.0.0',
    unknown_fields,
    fields: { x: spec },
  })
  return (schema.properties as Record<string, unknown>).x
}

describe('toJsonSchema: types', () => {
  it.each([
    ['string', { type: 'string' }],
    ['int', { type: 'integer' }],
    ['float', { type: 'number' }],
    ['decimal', { type: 'number', 'x-runink-type': 'decimal' }],
    ['bool', { type: 'boolean' }],
    ['date', { type: 'string', format: 'date' }],
    ['timestamp', { type: 'string', format: 'date-time' }],
    ['json', { type: ['string', 'number', 'boolean', 'object', 'array'] }],
  ] as const)('%s', (type, expected) => {
    expect(one(f(type))).toEqual(expected)
  })

  it('nullable adds null to the type; nullable json accepts anything', () => {
    expect(one(f('int', { nullable: true }))).toEqual({ type: ['integer', 'null'] })
    expect(one(f('json', { nullable: true }))).toEqual({})
  })

  it('arrays and nested objects', () => {
    const legs = f('array', {
      length: { min: 1, max: 9 },
      items: f('object', {
        unknown_fields: 'keep',
        fields: { qty: f('int', { required: true }), side: f('string') },
      }),
    })
    expect(one(legs)).toEqual({
      type: 'array',
      minItems: 1,
      maxItems: 9,
      items: {
        type: 'object',
        properties: { qty: { type: 'integer' }, side: { type: 'string' } },
        required: ['qty'],
        additionalProperties: true,
        'x-runink-unknown_fields': 'keep',
      },
    })
    // A nested object without its own policy inherits the contract's.
    expect(one(f('object', { fields: {} }))).toEqual({
      type: 'object',
      properties: {},
      additionalProperties: false,
    })
  })
})

describe('toJsonSchema: constraints and tags', () => {
  it('numeric bounds, enum (with null when nullable), length, pattern', () => {
    expect(one(f('float', { min: 0, max: 1.5 }))).toEqual({
      type: 'number',
      minimum: 0,
      maximum: 1.5,
    })
    expect(one(f('string', { nullable: true, enum: ['A', 'B'] }))).toEqual({
      type: ['string', 'null'],
      enum: ['A', 'B', null],
    })
    expect(one(f('string', { length: { min: 2, max: 4 }, pattern: '^[a-z]+$' }))).toEqual({
      type: 'string',
      minLength: 2,
      maxLength: 4,
      pattern: '^[a-z]+$',
    })
  })

  it('date bounds go in x-runink keywords', () => {
    expect(one(f('date', { min: '2020-01-01', max: '2030-12-31' }))).toEqual({
      type: 'string',
      format: 'date',
      'x-runink-min': '2020-01-01',
      'x-runink-max': '2030-12-31',
    })
  })

  it.each(['email', 'uuid', 'uri', 'ipv4', 'ipv6', 'hostname'] as const)('format %s', (format) => {
    expect(one(f('string', { format }))).toEqual({ type: 'string', format })
  })

  it('other formats become patterns, next to a pattern of the field in an allOf', () => {
    expect(one(f('string', { format: 'phone' }))).toEqual({
      type: 'string',
      pattern: '^\\+[1-9]\\d{1,14}$',
      'x-runink-format': 'phone',
    })
    expect(one(f('string', { format: 'currency', pattern: '^[EU]' }))).toEqual({
      type: 'string',
      pattern: '^[EU]',
      allOf: [{ pattern: '^[A-Z]{3}$' }],
      'x-runink-format': 'currency',
    })
  })

  it('tags and documentation become annotations', () => {
    const spec = f('string', {
      unique: true,
      pii: true,
      join_key: true,
      access: 'ops',
      lineage: 'bronze.t.id',
      check: 'size(value) > 2',
      description: 'the id',
    })
    expect(one(spec)).toEqual({
      type: 'string',
      description: 'the id',
      'x-runink-unique': true,
      'x-runink-pii': true,
      'x-runink-join_key': true,
      'x-runink-access': 'ops',
      'x-runink-lineage': 'bronze.t.id',
      'x-runink-check': 'size(value) > 2',
    })
  })

  it('a masked field also accepts its masked form', () => {
    expect(one(f('int', { mask: 'hash', min: 0 }))).toEqual({
      anyOf: [
        { type: 'integer', minimum: 0 },
        { type: 'string', pattern: '^hash:[0-9a-f]{64}$' },
      ],
      'x-runink-mask': 'hash',
    })
  })

  it('the root names the contract and its policies', () => {
    const c: Contract = {
      contract: 'trades',
      version: '1.2.0',
      owner: 'fin',
      classification: 'restricted',
      description: 'all trades',
      unknown_fields: 'drop',
      fields: { id: f('string', { required: true }) },
    }
    expect(toJsonSchema(c)).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:runink:contract:trades:1.2.0',
      title: 'trades',
      description: 'all trades',
      type: 'object',
      'x-runink-version': '1.2.0',
      'x-runink-owner': 'fin',
      'x-runink-classification': 'restricted',
      'x-runink-unknown_fields': 'drop',
      properties: { id: { type: 'string' } },
      required: ['id'],
      additionalProperties: true,
    })
  })
})

describe('exported schemas validate records with Ajv 2020-12', () => {
  const contract: Contract = {
    contract: 'trade',
    version: '1.0.0',
    unknown_fields: 'reject',
    fields: {
      id: f('string', { required: true, pattern: '^T[0-9]{3}$' }),
      qty: f('int', { required: true, min: 1, max: 100 }),
      price: f('decimal', { min: 0 }),
      side: f('string', { enum: ['buy', 'sell'] }),
      email: f('string', { format: 'email', nullable: true }),
      phone: f('string', { format: 'phone' }),
      on: f('date'),
      at: f('timestamp'),
      ok: f('bool'),
      meta: f('json'),
      ssn: f('string', { mask: 'hash', pattern: '^[0-9]{9}$' }),
      legs: f('array', {
        length: { max: 2 },
        items: f('object', { fields: { qty: f('float', { required: true }) } }),
      }),
    },
  }
  const validate = compile(toJsonSchema(contract))
  const good = {
    id: 'T001',
    qty: 5,
    price: 9.5,
    side: 'buy',
    email: null,
    phone: '+4712345678',
    on: '2024-02-29',
    at: '2024-02-29T10:00:00Z',
    ok: true,
    meta: { any: ['thing'] },
    ssn: '123456789',
    legs: [{ qty: 1.5 }],
  }

  it('accepts a record that fits the contract, and its masked form', () => {
    expect(validate(good)).toBe(true)
    expect(validate(createMasker(contract, { hashKey: 'k' }).mask(good))).toBe(true)
  })

  it.each([
    ['a missing required field', { qty: undefined }],
    ['a pattern mismatch', { id: 'X1' }],
    ['a float for an int', { qty: 1.5 }],
    ['a value below min', { qty: 0 }],
    ['a value outside the enum', { side: 'hold' }],
    ['a bad email', { email: 'nope' }],
    ['a bad phone', { phone: '123' }],
    ['a bad date', { on: '2023-02-29' }],
    ['null for a non-nullable field', { ok: null }],
    ['null json', { meta: null }],
    ['an unknown member', { extra: 1 }],
    ['an unknown nested member', { legs: [{ qty: 1, x: 1 }] }],
    ['too many items', { legs: [{ qty: 1 }, { qty: 2 }, { qty: 3 }] }],
    ['an unmasked value that breaks the pattern', { ssn: 'abc' }],
  ])('rejects %s', (_, change) => {
    const record: Record<string, unknown> = { ...good, ...change }
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete record[k]
    expect(validate(record)).toBe(false)
  })
})
