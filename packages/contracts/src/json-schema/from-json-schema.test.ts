import { fieldSpec } from '../model/index.js'
import { describe, it, expect } from 'vitest'
import type { Contract } from '../model/index.js'
import { fromJsonSchema } from './from-json-schema.js'
import { toJsonSchema } from './to-json-schema.js'

const f = fieldSpec

const full: Contract = {
  contract: 'trade_validated',
  version: '1.2.0',
  owner: 'finance-data',
  classification: 'restricted',
  description: 'validated trades',
  unknown_fields: 'reject',
  fields: {
    trade_id: f('string', { required: true, pattern: '^T[0-9]{8}$', join_key: true, unique: true }),
    price: f('decimal', { required: true, min: 0, max: 1e9 }),
    qty: f('int', { min: 1, enum: [1, 10, 100] }),
    ratio: f('float', { nullable: true }),
    currency: f('string', { enum: ['USD', 'EUR', 'GBP'], nullable: true }),
    country: f('string', { format: 'country' }),
    cur2: f('string', { format: 'currency', pattern: '^[EU]' }),
    email: f('string', { format: 'email', length: { max: 254 } }),
    traded_at: f('timestamp', { required: true, min: '2020-01-01T00:00:00Z' }),
    settle_on: f('date', { max: '2099-12-31' }),
    active: f('bool', { description: 'still open' }),
    ssn: f('string', { pii: true, access: 'compliance', mask: 'hash', lineage: 'raw.people.ssn' }),
    card: f('string', { mask: 'tokenize', nullable: true }),
    blob: f('json', { mask: 'redact', nullable: true }),
    extra: f('json', { check: 'value != null' }),
    legs: f('array', {
      length: { min: 1 },
      items: f('object', {
        fields: {
          qty: f('int', { required: true }),
          tags: f('array', { items: f('string', { length: { min: 1, max: 1 } }) }),
          venue: f('object', { unknown_fields: 'drop', fields: { mic: f('string') } }),
        },
      }),
    }),
    anything: f('array', { items: f('json', { nullable: true }) }),
  },
}

describe('fromJsonSchema(toJsonSchema(c)) gives c back', () => {
  it('for a contract using every type, constraint and tag', () => {
    const back = fromJsonSchema(toJsonSchema(full))
    expect(back.problems).toEqual([])
    expect(back.unsupported).toEqual([])
    expect(back.contract).toEqual(full)
  })

  it('for each unknown-field policy at the top and nested', () => {
    for (const top of ['reject', 'drop', 'keep'] as const)
      for (const own of [undefined, 'reject', 'drop', 'keep'] as const) {
        const nested = f('object', { fields: { a: f('int') }, ...(own && { unknown_fields: own }) })
        const c: Contract = {
          contract: 'p',
          version: '0.1.0',
          unknown_fields: top,
          fields: { o: nested },
        }
        const back = fromJsonSchema(toJsonSchema(c))
        expect(back.contract, `${top}/${own}`).toEqual(c)
        expect(back.unsupported).toEqual([])
      }
  })
})

describe('fromJsonSchema: the common subset of foreign schemas', () => {
  const person = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'person',
    type: 'object',
    required: ['id', 'name'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string', minLength: 1, description: 'full name' },
      age: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 150 },
      score: { type: 'number', minimum: 0 },
      nick: { type: ['string', 'null'] },
      kind: { const: 'human' },
      address: { $ref: '#/$defs/address' },
      homes: { type: 'array', items: { $ref: '#/$defs/address' }, maxItems: 3 },
      born: { type: 'string', format: 'date' },
    },
    $defs: {
      address: {
        type: 'object',
        properties: { city: { type: 'string' } },
        additionalProperties: false,
      },
    },
  }

  it('imports types, constraints, const, nullable unions and local $refs', () => {
    const { contract, unsupported, problems } = fromJsonSchema(person)
    expect(problems).toEqual([])
    const address = f('object', { fields: { city: f('string') }, unknown_fields: 'reject' })
    expect(contract).toEqual({
      contract: 'person',
      version: '1.0.0',
      unknown_fields: 'keep',
      fields: {
        id: f('string', { required: true, format: 'uuid' }),
        name: f('string', { required: true, length: { min: 1 }, description: 'full name' }),
        age: f('int', { min: 1, max: 149 }),
        score: f('float', { min: 0 }),
        nick: f('string', { nullable: true }),
        kind: f('string', { enum: ['human'] }),
        address,
        homes: f('array', { items: address, length: { max: 3 } }),
        born: f('date'),
      },
    })
    // `const` without a type: read as a string from its value, and said so.
    expect(unsupported).toEqual([
      {
        path: '#/properties/kind',
        keyword: 'type',
        reason: 'no "type": read as string from its enum values',
      },
    ])
  })

  it('turns exclusive number bounds inclusive and says so', () => {
    const { contract, unsupported } = fromJsonSchema(
      {
        type: 'object',
        properties: { p: { type: 'number', exclusiveMinimum: 0 } },
      },
      { name: 'prices' },
    )
    expect(contract?.fields.p).toEqual(f('float', { min: 0 }))
    expect(unsupported).toEqual([
      {
        path: '#/properties/p',
        keyword: 'exclusiveMinimum',
        reason: 'exclusive bound kept as the inclusive bound 0',
      },
    ])
  })

  it('an enum without null makes a nullable type non-nullable, as JSON Schema does', () => {
    const { contract } = fromJsonSchema(
      {
        type: 'object',
        properties: {
          a: { type: ['string', 'null'], enum: ['x'] },
          b: { type: ['string', 'null'], enum: ['x', null] },
        },
      },
      { name: 'n' },
    )
    expect(contract?.fields).toEqual({
      a: f('string', { enum: ['x'] }),
      b: f('string', { enum: ['x'], nullable: true }),
    })
  })

  it('takes name and version from options first', () => {
    const { contract } = fromJsonSchema(toJsonSchema(full), { name: 'copy', version: '9.0.0' })
    expect(contract).toMatchObject({ contract: 'copy', version: '9.0.0' })
  })
})

describe('fromJsonSchema reports what it cannot express', () => {
  const schema = {
    title: 'odd',
    type: 'object',
    properties: {
      a: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
      b: { type: 'string', allOf: [{ minLength: 1 }] },
      c: {
        type: 'object',
        patternProperties: { '^x': { type: 'string' } },
        additionalProperties: { type: 'string' },
      },
      d: { type: 'string', if: { minLength: 2 }, then: { pattern: 'x' } },
      e: { type: 'object', dependentRequired: { a: ['b'] }, properties: { a: { type: 'string' } } },
      f: { $ref: 'https://example.com/s.json' },
      g: { type: 'string', format: 'time', default: 'x', minimum: 3 },
      h: { type: ['string', 'integer'] },
      i: { type: 'array', prefixItems: [{ type: 'string' }], uniqueItems: true },
      j: { type: 'number', multipleOf: 0.5 },
      k: { $ref: '#/$defs/node' },
      l: false,
    },
    required: ['zz'],
    $defs: { node: { type: 'object', properties: { next: { $ref: '#/$defs/node' } } } },
  }

  it('lists every keyword with its place and a reason, and still imports the rest', () => {
    const { contract, unsupported, problems } = fromJsonSchema(schema)
    expect(problems).toEqual([])
    const got = unsupported.map((u) => `${u.path} ${u.keyword}`)
    expect(got).toEqual([
      '# required',
      '#/properties/a oneOf',
      '#/properties/b allOf',
      '#/properties/c additionalProperties',
      '#/properties/c patternProperties',
      '#/properties/d if',
      '#/properties/d then',
      '#/properties/e dependentRequired',
      '#/properties/f $ref',
      '#/properties/g format',
      '#/properties/g default',
      '#/properties/g minimum',
      '#/properties/h type',
      '#/properties/i prefixItems',
      '#/properties/i uniqueItems',
      '#/properties/j multipleOf',
      '#/properties/k/properties/next $ref',
      '#/properties/l false',
    ])
    const reasons = Object.fromEntries(unsupported.map((u) => [`${u.path} ${u.keyword}`, u.reason]))
    expect(reasons['#/properties/g minimum']).toBe('does not apply to string fields')
    expect(reasons['#/properties/g format']).toBe('format "time" has no contract equivalent')
    expect(reasons['#/properties/k/properties/next $ref']).toMatch(/recursive reference/)
    expect(reasons['# required']).toBe('requires undeclared member "zz"')
    expect(contract?.fields.a).toEqual(f('json', { nullable: true }))
    expect(contract?.fields.k?.fields?.next).toEqual(f('json', { nullable: true }))
  })

  it('problems leave no contract', () => {
    expect(fromJsonSchema([])).toEqual({
      unsupported: [],
      problems: [{ path: '#', message: 'the schema must be an object' }],
    })
    expect(fromJsonSchema({ type: 'string' }, { name: 'x' }).problems).toEqual([
      { path: '#', message: 'the schema must describe an object (a record)' },
    ])
    expect(fromJsonSchema({ type: 'object', title: 'Not A Name' }).problems[0]?.message).toMatch(
      /options\.name/,
    )
    const broken = fromJsonSchema(
      { type: 'object', properties: { a: { $ref: '#/$defs/none' } } },
      { name: 'x' },
    )
    expect(broken.contract).toBeUndefined()
    expect(broken.problems).toEqual([
      { path: '#/properties/a', message: '$ref "#/$defs/none" points at no schema' },
    ])
  })

  it('runs the contract checks: min above max is a problem', () => {
    const r = fromJsonSchema(
      { type: 'object', properties: { a: { type: 'integer', minimum: 5, maximum: 1 } } },
      { name: 'x' },
    )
    expect(r.contract).toBeUndefined()
    expect(r.problems[0]?.message).toMatch(/above max/)
  })
})
