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

describe('diffContracts: contract-level changes', () => {
  it('unknown_fields keep → reject is breaking, reject → keep is not', () => {
    const keep = { ...base, unknown_fields: 'keep' as const }
    expect(diffContracts(keep, base).changes).toMatchObject([
      { path: 'unknown_fields', kind: 'policy_changed', breaking: true },
    ])
    expect(diffContracts(base, keep).changes).toMatchObject([
      { path: 'unknown_fields', kind: 'policy_changed', breaking: false },
    ])
  })

  it('a nested object policy is compared by its effective value', () => {
    const nested = (own?: 'reject' | 'keep'): FieldSpec =>
      f('object', {
        fields: { a: f('int') },
        ...(own === undefined ? {} : { unknown_fields: own }),
      })
    const keep = (own?: 'reject' | 'keep') =>
      ({ ...base, unknown_fields: 'keep', fields: { o: nested(own) } }) as Contract
    // Inherited keep → explicit reject: breaking, reported on the object.
    expect(diffContracts(keep(), keep('reject')).changes).toMatchObject([
      { path: 'fields.o.unknown_fields', kind: 'policy_changed', breaking: true },
    ])
    // Inherited keep → explicit keep: same behaviour, metadata only.
    expect(diffContracts(keep(), keep('keep'))).toMatchObject({
      bump: 'patch',
      changes: [{ path: 'fields.o.unknown_fields', kind: 'metadata_changed' }],
    })
    // The parent's change is reported once, not again on each inheriting object.
    const reject = { ...keep(), unknown_fields: 'reject' as const }
    expect(diffContracts(keep(), reject).changes.map((c) => c.path)).toEqual(['unknown_fields'])
  })

  it('classification raised is breaking, lowered is not', () => {
    const pub = { ...base, classification: 'public' as const }
    const res = { ...base, classification: 'restricted' as const }
    expect(diffContracts(pub, res).changes).toMatchObject([
      { path: 'classification', kind: 'policy_changed', breaking: true },
    ])
    expect(diffContracts(res, pub).changes).toMatchObject([{ breaking: false }])
  })

  it('owner and description are metadata; a rename is breaking', () => {
    const d = diffContracts(base, { ...base, owner: 'risk', description: 'all trades' })
    expect(d.changes.map((c) => [c.path, c.kind])).toEqual([
      ['owner', 'metadata_changed'],
      ['description', 'metadata_changed'],
    ])
    expect(diffContracts(base, { ...base, contract: 'deals' }).changes).toMatchObject([
      { path: 'contract', kind: 'contract_renamed', breaking: true },
    ])
  })
})

describe('diffContracts: bump and version', () => {
  it('self-diff is empty and needs no bump', () => {
    expect(diffContracts(base, base)).toEqual({
      changes: [],
      breaking: false,
      bump: 'none',
      declaredBump: 'none',
      versionOk: true,
    })
  })

  it('breaking → major, compatible → minor, metadata only → patch', () => {
    expect(
      diffContracts(
        base,
        edited((x) => delete x.price),
      ),
    ).toMatchObject({
      breaking: true,
      bump: 'major',
    })
    const optional = edited((x) => (x.venue = f('string')))
    expect(diffContracts(base, optional)).toMatchObject({ breaking: false, bump: 'minor' })
    const doc = edited((x) => (x.price = f('float', { description: 'd' })))
    expect(diffContracts(base, doc)).toMatchObject({ breaking: false, bump: 'patch' })
  })

  it('checks the declared version against the bump', () => {
    const drop = (version: string) => edited((x) => delete x.price, version)
    expect(diffContracts(base, drop('2.0.0'))).toMatchObject({
      declaredBump: 'major',
      versionOk: true,
    })
    expect(diffContracts(base, drop('1.1.0'))).toMatchObject({
      declaredBump: 'minor',
      versionOk: false,
    })
    const add = (version: string) => edited((x) => (x.venue = f('string')), version)
    expect(diffContracts(base, add('1.1.0'))).toMatchObject({
      declaredBump: 'minor',
      versionOk: true,
    })
    expect(diffContracts(base, add('1.0.1'))).toMatchObject({
      declaredBump: 'patch',
      versionOk: false,
    })
    expect(diffContracts(base, add('0.9.0'))).toMatchObject({
      declaredBump: 'downgrade',
      versionOk: false,
    })
    const bad = diffContracts(base, add('next'))
    expect(bad.declaredBump).toBeUndefined()
    expect(bad.versionOk).toBe(false)
  })

  it('field order does not matter', () => {
    const reversed = { ...base, fields: Object.fromEntries(Object.entries(base.fields).reverse()) }
    expect(diffContracts(base, reversed).changes).toEqual([])
  })

  it('orders changes by field name whatever the declaration order', () => {
    const a = edited((x) => {
      delete x.qty
      delete x.at
    })
    const paths = diffContracts(base, a).changes.map((c) => c.path)
    expect(paths).toEqual(['fields.at', 'fields.qty'])
  })
})
