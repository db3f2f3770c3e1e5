import { fieldSpec } from '../model/index.js'
import { describe, it, expect } from 'vitest'
import type { Contract, FieldSpec } from '../model/index.js'
import { diffContracts } from './diff-contracts.js'

const f = fieldSpec

const base: Contract = {
  contract: 'trades',
  version: '1.0.0',
  owner: 'finance',
  unknown_fields: 'reject',
  fields: {
    id: f('string', { required: true, pattern: '^T[0-9]+$' }),
    qty: f('int', { min: 0, max: 100 }),
    price: f('float'),
    currency: f('string', { enum: ['USD', 'EUR'] }),
    code: f('string'),
    note: f('string', { nullable: true, length: { min: 1, max: 20 } }),
    at: f('date', { min: '2020-01-01' }),
    legs: f('array', {
      items: f('object', { fields: { qty: f('int'), side: f('string') } }),
    }),
  },
}

type FieldsEdit = (fields: Record<string, FieldSpec>) => void

/** `base` with its fields edited, at `version`. */
function edited(edit: FieldsEdit, version = '2.0.0', top: Partial<Contract> = {}): Contract {
  const fields: Record<string, FieldSpec> = { ...base.fields }
  edit(fields)
  return { ...base, ...top, version, fields }
}

/** The only change from `base` to the edited contract. */
function only(edit: FieldsEdit, top: Partial<Contract> = {}) {
  const d = diffContracts(base, edited(edit, '2.0.0', top))
  expect(d.changes).toHaveLength(1)
  return d.changes[0]
}

const field = (name: string): FieldSpec => base.fields[name] as FieldSpec

describe('diffContracts classifies each change kind', () => {
  const cases: [string, FieldsEdit, string, string, boolean][] = [
    ['removing a field', (x) => delete x.price, 'fields.price', 'field_removed', true],
    [
      'adding an optional field',
      (x) => (x.venue = f('string')),
      'fields.venue',
      'field_added',
      false,
    ],
    [
      'adding a required field',
      (x) => (x.venue = f('string', { required: true })),
      'fields.venue',
      'field_added',
      true,
    ],
    [
      'narrowing float → int',
      (x) => (x.price = f('int')),
      'fields.price.type',
      'type_changed',
      true,
    ],
    [
      'narrowing string → int',
      (x) => (x.code = f('int')),
      'fields.code.type',
      'type_changed',
      true,
    ],
    [
      'widening int → float',
      (x) => (x.qty = { ...field('qty'), type: 'float' }),
      'fields.qty.type',
      'type_changed',
      false,
    ],
    [
      'widening int → decimal',
      (x) => (x.qty = { ...field('qty'), type: 'decimal' }),
      'fields.qty.type',
      'type_changed',
      false,
    ],
    [
      'widening float → json',
      (x) => (x.price = f('json')),
      'fields.price.type',
      'type_changed',
      false,
    ],
    [
      'adding required',
      (x) => (x.price = f('float', { required: true })),
      'fields.price.required',
      'constraint_added',
      true,
    ],
    [
      'dropping required',
      (x) => (x.id = { ...field('id'), required: false }),
      'fields.id.required',
      'constraint_removed',
      false,
    ],
    [
      'removing nullable',
      (x) => (x.note = { ...field('note'), nullable: false }),
      'fields.note.nullable',
      'constraint_tightened',
      true,
    ],
    [
      'adding nullable',
      (x) => (x.price = f('float', { nullable: true })),
      'fields.price.nullable',
      'constraint_loosened',
      false,
    ],
    [
      'adding unique',
      (x) => (x.price = f('float', { unique: true })),
      'fields.price.unique',
      'constraint_added',
      true,
    ],
    [
      'removing an enum value',
      (x) => (x.currency = f('string', { enum: ['USD'] })),
      'fields.currency.enum',
      'enum_value_removed',
      true,
    ],
    [
      'adding an enum value',
      (x) => (x.currency = f('string', { enum: ['USD', 'EUR', 'GBP'] })),
      'fields.currency.enum',
      'enum_value_added',
      false,
    ],
    [
      'adding an enum',
      (x) => (x.price = f('float', { enum: [1, 2] })),
      'fields.price.enum',
      'constraint_added',
      true,
    ],
    [
      'removing the enum',
      (x) => (x.currency = f('string')),
      'fields.currency.enum',
      'constraint_removed',
      false,
    ],
    [
      'raising min',
      (x) => (x.qty = { ...field('qty'), min: 1 }),
      'fields.qty.min',
      'constraint_tightened',
      true,
    ],
    [
      'lowering min',
      (x) => (x.qty = { ...field('qty'), min: -1 }),
      'fields.qty.min',
      'constraint_loosened',
      false,
    ],
    [
      'lowering max',
      (x) => (x.qty = { ...field('qty'), max: 50 }),
      'fields.qty.max',
      'constraint_tightened',
      true,
    ],
    [
      'raising max',
      (x) => (x.qty = { ...field('qty'), max: 500 }),
      'fields.qty.max',
      'constraint_loosened',
      false,
    ],
    [
      'adding max',
      (x) => (x.price = f('float', { max: 9 })),
      'fields.price.max',
      'constraint_added',
      true,
    ],
    [
      'removing min',
      (x) => (x.qty = f('int', { max: 100 })),
      'fields.qty.min',
      'constraint_removed',
      false,
    ],
    [
      'raising a date min',
      (x) => (x.at = f('date', { min: '2021-01-01' })),
      'fields.at.min',
      'constraint_tightened',
      true,
    ],
    [
      'lowering a date min',
      (x) => (x.at = f('date', { min: '2019-12-31' })),
      'fields.at.min',
      'constraint_loosened',
      false,
    ],
    [
      'raising length min',
      (x) => (x.note = { ...field('note'), length: { min: 2, max: 20 } }),
      'fields.note.length.min',
      'constraint_tightened',
      true,
    ],
    [
      'raising length max',
      (x) => (x.note = { ...field('note'), length: { min: 1, max: 30 } }),
      'fields.note.length.max',
      'constraint_loosened',
      false,
    ],
    [
      'adding a pattern',
      (x) => (x.currency = f('string', { enum: ['USD', 'EUR'], pattern: '^[A-Z]+$' })),
      'fields.currency.pattern',
      'constraint_added',
      true,
    ],
    [
      'changing a pattern',
      (x) => (x.id = { ...field('id'), pattern: '^T[0-9]{8}$' }),
      'fields.id.pattern',
      'constraint_changed',
      true,
    ],
    [
      'removing a pattern',
      (x) => (x.id = f('string', { required: true })),
      'fields.id.pattern',
      'constraint_removed',
      false,
    ],
    [
      'adding a format',
      (x) => (x.id = { ...field('id'), format: 'uuid' }),
      'fields.id.format',
      'constraint_added',
      true,
    ],
    [
      'adding a check',
      (x) => (x.qty = { ...field('qty'), check: 'value % 2 == 0' }),
      'fields.qty.check',
      'constraint_added',
      true,
    ],
    [
      'tagging pii',
      (x) => (x.id = { ...field('id'), pii: true }),
      'fields.id.pii',
      'tag_changed',
      false,
    ],
    [
      'tagging join_key',
      (x) => (x.id = { ...field('id'), join_key: true }),
      'fields.id.join_key',
      'tag_changed',
      false,
    ],
    [
      'adding access',
      (x) => (x.price = f('float', { access: 'risk' })),
      'fields.price.access',
      'tag_changed',
      true,
    ],
    [
      'adding a mask',
      (x) => (x.id = { ...field('id'), mask: 'hash' }),
      'fields.id.mask',
      'tag_changed',
      true,
    ],
    [
      'changing description',
      (x) => (x.price = f('float', { description: 'unit price' })),
      'fields.price.description',
      'metadata_changed',
      false,
    ],
    [
      'changing lineage',
      (x) => (x.price = f('float', { lineage: 'bronze.t.p' })),
      'fields.price.lineage',
      'metadata_changed',
      false,
    ],
  ]
  for (const [name, edit, path, kind, breaking] of cases) {
    it(`${name}: ${kind}, ${breaking ? 'breaking' : 'compatible'}`, () => {
      expect(only(edit)).toMatchObject({ path, kind, breaking })
    })
  }

  it('narrowing decimal → float is breaking', () => {
    const before = edited((x) => (x.price = f('decimal')), '1.0.0')
    const after = edited((x) => (x.price = f('float')), '2.0.0')
    expect(diffContracts(before, after).changes).toEqual([
      {
        path: 'fields.price.type',
        kind: 'type_changed',
        breaking: true,
        message: 'type changed from "decimal" to "float"',
        before: 'decimal',
        after: 'float',
      },
    ])
  })

  it('removing mask or access is compatible', () => {
    const before = edited((x) => (x.id = { ...field('id'), mask: 'hash', access: 'ops' }), '1.0.0')
    const d = diffContracts(before, base)
    expect(d.changes.map((c) => [c.path, c.kind, c.breaking])).toEqual([
      ['fields.id.access', 'tag_changed', false],
      ['fields.id.mask', 'tag_changed', false],
    ])
  })

  it('reports removed and added enum values with the value', () => {
    const d = diffContracts(
      base,
      edited((x) => (x.currency = f('string', { enum: ['GBP', 'USD'] }))),
    )
    expect(d.changes).toMatchObject([
      { kind: 'enum_value_removed', before: 'EUR', breaking: true },
      { kind: 'enum_value_added', after: 'GBP', breaking: false },
    ])
  })

  it('recurses into array items and nested objects', () => {
    const legs = f('array', {
      items: f('object', { fields: { qty: f('float', { min: 1 }), venue: f('string') } }),
    })
    const d = diffContracts(
      base,
      edited((x) => (x.legs = legs)),
    )
    expect(d.changes.map((c) => [c.path, c.kind, c.breaking])).toEqual([
      ['fields.legs.items.fields.qty.type', 'type_changed', false],
      ['fields.legs.items.fields.qty.min', 'constraint_added', true],
      ['fields.legs.items.fields.side', 'field_removed', true],
      ['fields.legs.items.fields.venue', 'field_added', false],
    ])
  })
})
