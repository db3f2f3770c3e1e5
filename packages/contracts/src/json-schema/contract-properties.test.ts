import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { hashOf } from '@runink/core'
import { defineContract } from '../load/index.js'
import type { Contract, FieldSpec, FieldType } from '../model/index.js'
import { diffContracts } from '../diff/index.js'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { fromJsonSchema } from './from-json-schema.js'
import { RUNINK_KEYWORDS } from './runink-keywords.js'
import { toJsonSchema } from './to-json-schema.js'

// Property tests over generated contracts, for the three contract transforms together:
// export → import is the identity, a contract differs from itself in nothing, and a contract
// whose fields are declared in another order differs in nothing either.

const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/)
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })

const flags = fc.record({
  required: fc.boolean(),
  nullable: fc.boolean(),
  pii: fc.boolean(),
  join_key: fc.boolean(),
})
const tags = fc.record(
  {
    access: fc.constantFrom('ops', 'hr'),
    mask: fc.constantFrom('redact', 'hash', 'tokenize' as const),
    lineage: fc.constantFrom('bronze.a.b', 'raw.x'),
    description: fc.constantFrom('the id', 'Ünïcode ✓'),
    check: fc.constantFrom('value != null', 'true'),
  },
  { requiredKeys: [] },
)

const sorted = <T extends number | string>(a: T, b: T): [T, T] => (a <= b ? [a, b] : [b, a])
const date = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
const stamp = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString())

/** Constraints that fit a scalar type. */
function scalarConstraints(type: FieldType): fc.Arbitrary<Partial<FieldSpec>> {
  const bounds = (v: fc.Arbitrary<number | string>) =>
    fc.tuple(opt(v), opt(v)).map(([a, b]) => {
      if (a === undefined || b === undefined) return { min: a, max: b }
      const [min, max] = sorted(a, b)
      return { min, max }
    })
  const values: Partial<Record<FieldType, fc.Arbitrary<number | string | boolean>>> = {
    string: fc.string({ maxLength: 5 }),
    int: fc.integer({ min: -1000, max: 1000 }),
    float: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    bool: fc.boolean(),
    date,
    timestamp: stamp,
  }
  const value = values[type === 'decimal' ? 'float' : type] ?? fc.constant('x')
  const base = fc.record(
    {
      unique: fc.boolean(),
      enum: fc.uniqueArray(value, { minLength: 1, maxLength: 4, comparator: 'SameValueZero' }),
    },
    { requiredKeys: [] },
  )
  const ordered = ['int', 'float', 'decimal', 'date', 'timestamp'].includes(type)
  const range = ordered ? bounds(value as fc.Arbitrary<number | string>) : fc.constant({})
  const text =
    type === 'string'
      ? fc.record(
          {
            length: fc.tuple(fc.nat(5), fc.nat(5)).map(([a, b]) => {
              const [min, max] = sorted(a, b)
              return { min, max }
            }),
            pattern: fc.constantFrom('^[a-z]+$', 'x', '^T[0-9]{3}$'),
            format: fc.constantFrom(
              'email',
              'uuid',
              'uri',
              'ipv4',
              'ipv6',
              'hostname',
              'phone',
              'country',
              'currency' as const,
            ),
          },
          { requiredKeys: [] },
        )
      : fc.constant({})
  return fc.tuple(base, range, text).map(([a, b, c]) => ({ ...a, ...b, ...c }))
}

const clean = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

const { field } = fc.letrec<{ field: FieldSpec; fields: Record<string, FieldSpec> }>((tie) => ({
  field: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .tuple(
        fc.constantFrom(
          'string',
          'int',
          'float',
          'decimal',
          'bool',
          'date',
          'timestamp',
          'json' as const,
        ),
        flags,
        tags,
      )
      .chain(([type, fl, tg]) =>
        (type === 'json' ? fc.constant({}) : scalarConstraints(type)).map(
          (c) => clean({ type, unique: false, ...fl, ...tg, ...c }) as unknown as FieldSpec,
        ),
      ),
    fc
      .tuple(flags, tags, tie('field'))
      .map(
        ([fl, tg, items]) => ({ type: 'array', unique: false, ...fl, ...tg, items }) as FieldSpec,
      ),
    fc
      .tuple(flags, tags, tie('fields'), opt(fc.constantFrom('reject', 'drop', 'keep' as const)))
      .map(
        ([fl, tg, fields, unknown_fields]) =>
          clean({
            type: 'object',
            unique: false,
            ...fl,
            ...tg,
            fields,
            unknown_fields,
          }) as unknown as FieldSpec,
      ),
  ),
  fields: fc.dictionary(name, tie('field'), { maxKeys: 4, noNullPrototype: true }),
}))

const contractArb: fc.Arbitrary<Contract> = fc
  .record({
    contract: name,
    version: fc.constantFrom('1.0.0', '0.3.1', '2.0.0-rc.1'),
    unknown_fields: fc.constantFrom('reject', 'drop', 'keep' as const),
    fields: fc.dictionary(name, field, { maxKeys: 5, noNullPrototype: true }),
    owner: opt(fc.constantFrom('finance', 'risk')),
    classification: opt(fc.constantFrom('public', 'restricted' as const)),
  })
  // The loader's own checks decide what a valid contract is; its model is the normal form.
  .map((c) => defineContract(clean(c) as unknown as Contract).model)

describe('generated contracts', () => {
  it('export to a schema that strict Ajv 2020-12 compiles', () => {
    const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true })
    addFormats(ajv)
    ajv.addVocabulary([...RUNINK_KEYWORDS])
    fc.assert(
      fc.property(contractArb, (c) => {
        const schema = toJsonSchema(c)
        expect(typeof ajv.compile(schema)).toBe('function')
        ajv.removeSchema(schema.$id as string)
      }),
      { numRuns: 150 },
    )
  })

  it('export → import gives the same contract, with nothing unsupported', () => {
    fc.assert(
      fc.property(contractArb, (c) => {
        const back = fromJsonSchema(toJsonSchema(c))
        expect(back.problems).toEqual([])
        expect(back.unsupported).toEqual([])
        expect(hashOf(back.contract)).toBe(hashOf(c))
      }),
      { numRuns: 150 },
    )
  })

  it('a contract differs from itself, in any field order, in nothing', () => {
    fc.assert(
      fc.property(contractArb, (c) => {
        const reordered = { ...c, fields: Object.fromEntries(Object.entries(c.fields).reverse()) }
        expect(diffContracts(c, c).changes).toEqual([])
        expect(diffContracts(c, reordered)).toMatchObject({ changes: [], bump: 'none' })
      }),
      { numRuns: 150 },
    )
  })

  it('any two contracts whose hashes differ differ in at least one reported change', () => {
    fc.assert(
      fc.property(contractArb, contractArb, (a, b) => {
        const d = diffContracts(a, { ...b, version: a.version })
        // Enum order is the only model difference with no meaning.
        const sameButEnumOrder = d.changes.length === 0
        if (hashOf(a) !== hashOf({ ...b, version: a.version })) expect(sameButEnumOrder).toBe(false)
        expect(d.breaking).toBe(d.changes.some((ch) => ch.breaking))
      }),
      { numRuns: 150 },
    )
  })
})
