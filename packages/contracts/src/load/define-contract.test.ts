import { describe, expect, it } from 'vitest'
import { isRuninkError } from '@runink/core'
import { contractToYaml } from '../serialize/index.js'
import { ContractLoadError } from './contract-load-error.js'
import { defineContract } from './define-contract.js'
import { field } from './field-builders.js'
import { parseContract } from './parse-contract.js'

const YAML = `contract: trade_validated
version: 1.2.0
owner: finance-data
classification: restricted
unknown_fields: reject
fields:
  trade_id:  { type: string, required: true, pattern: "^T[0-9]{8}$", join_key: true }
  price:     { type: decimal, required: true, min: 0 }
  currency:  { type: string, enum: [USD, EUR, GBP] }
  traded_at: { type: timestamp, required: true }
  ssn:       { type: string, pii: true, access: compliance, mask: hash }
  legs:      { type: array, items: { type: object, fields: { qty: { type: int } } } }
  note:      string
`

const built = () =>
  defineContract({
    contract: 'trade_validated',
    version: '1.2.0',
    owner: 'finance-data',
    classification: 'restricted',
    fields: {
      trade_id: field.string({ required: true, pattern: '^T[0-9]{8}$', join_key: true }),
      price: field.decimal({ required: true, min: 0 }),
      currency: field.string({ enum: ['USD', 'EUR', 'GBP'] }),
      traded_at: field.timestamp({ required: true }),
      ssn: field.string({ pii: true, access: 'compliance', mask: 'hash' }),
      legs: field.array(field.object({ qty: field.int() })),
      note: 'string',
    },
  })

describe('defineContract', () => {
  it('builds the same model and hash as the YAML file', () => {
    const fromYaml = parseContract(YAML).contract
    const fromBuilder = built()
    expect(fromBuilder.model).toEqual(fromYaml?.model)
    expect(fromBuilder.hash).toBe(fromYaml?.hash)
    expect(fromBuilder.ref).toBe('trade_validated@1.2.0')
    expect(Object.keys(fromBuilder.model.fields)).toEqual(Object.keys(fromYaml?.model.fields ?? {}))
  })

  it('has a builder for every type', () => {
    const c = defineContract({
      contract: 'types',
      version: '0.1.0',
      unknown_fields: 'keep',
      fields: {
        s: field.string({ length: 2, format: 'country' }),
        i: field.int({ min: 0, max: 9, unique: true }),
        f: field.float({ enum: [0.5, 1] }),
        d: field.decimal({ check: 'value > 0' }),
        b: field.bool({ nullable: true }),
        dt: field.date({ min: '2020-01-01' }),
        ts: field.timestamp({ max: '2030-01-01T00:00:00Z' }),
        j: field.json({ description: 'raw payload', lineage: 'bronze.raw' }),
        a: field.array('string', { length: { max: 3 } }),
        o: field.object({ x: 'int' }, { unknown_fields: 'drop' }),
      },
    })
    const f = c.model.fields
    expect(Object.values(f).map((s) => s.type)).toEqual([
      'string',
      'int',
      'float',
      'decimal',
      'bool',
      'date',
      'timestamp',
      'json',
      'array',
      'object',
    ])
    expect(f.s?.length).toEqual({ min: 2, max: 2 })
    expect(f.a?.items?.type).toBe('string')
    expect(f.o?.unknown_fields).toBe('drop')
    expect(c.model.unknown_fields).toBe('keep')
  })

  it('treats undefined options as absent', () => {
    const c = defineContract({
      contract: 't',
      version: '1.0.0',
      fields: { a: field.string({ pattern: undefined, required: undefined }) },
    })
    expect(c.model.fields.a).toEqual(
      parseContract('contract: t\nversion: 1.0.0\nfields:\n  a: string\n').contract?.model.fields.a,
    )
  })

  it('throws a ContractLoadError listing every problem, without positions', () => {
    let error: unknown
    try {
      defineContract({
        contract: 't',
        version: '1.0',
        fields: {
          a: field.string({ pattern: '(' }),
          b: field.int({ min: 3, max: 1 }),
          c: { type: 'string', requried: true },
        },
      })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ContractLoadError)
    expect(isRuninkError(error)).toBe(true)
    const problems = (error as ContractLoadError).problems
    expect(problems.map((p) => p.path)).toEqual([
      'version',
      'fields.a.pattern',
      'fields.b.min',
      'fields.c.requried',
    ])
    expect(problems.every((p) => p.line === undefined && p.file === undefined)).toBe(true)
    expect((error as ContractLoadError).code).toBe('RUNINK_CONTRACT_INVALID_VALUE')
    expect((error as ContractLoadError).message).toBe(
      'version: expected a semantic version such as "1.2.0", got "1.0"',
    )
  })

  it('names the source file in problems when given one', () => {
    expect(() =>
      defineContract({ contract: 't', version: 'x', fields: {} }, { file: 'contracts.ts' }),
    ).toThrow(/^contracts\.ts: version: /)
  })

  it('is idempotent: a normalised model defines itself, and YAML output reloads to it', () => {
    const c = built()
    expect(defineContract(c.model).hash).toBe(c.hash)
    const reloaded = parseContract(contractToYaml(c.model)).contract
    expect(reloaded?.model).toEqual(c.model)
    expect(reloaded?.hash).toBe(c.hash)
  })
})
