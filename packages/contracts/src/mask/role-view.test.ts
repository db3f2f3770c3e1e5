import { fieldSpec } from '../model/index.js'
import { describe, it, expect } from 'vitest'
import type { Contract } from '../model/index.js'
import { roleView, viewContract } from './role-view.js'

const f = fieldSpec

const contract: Contract = {
  contract: 'people',
  version: '1.0.0',
  unknown_fields: 'reject',
  fields: {
    id: f('int', { required: true }),
    ssn: f('string', { access: 'compliance', required: true }),
    salary: f('decimal', { access: 'hr' }),
    address: f('object', {
      fields: { city: f('string'), street: f('string', { access: 'compliance' }) },
    }),
    accounts: f('array', {
      items: f('object', { fields: { bank: f('string'), iban: f('string', { access: 'hr' }) } }),
    }),
    secrets: f('array', { items: f('string', { access: 'vault' }) }),
  },
}

const record = {
  id: 1,
  ssn: '123',
  salary: 10,
  address: { city: 'Oslo', street: 'Main' },
  accounts: [{ bank: 'A', iban: 'X' }, { bank: 'B' }],
  secrets: ['s'],
  extra: true,
}

describe('roleView', () => {
  it('drops fields at any depth whose role is not held', () => {
    expect(roleView(contract, [])(record)).toEqual({
      id: 1,
      address: { city: 'Oslo' },
      accounts: [{ bank: 'A' }, { bank: 'B' }],
      extra: true,
    })
  })

  it('shows fields whose role is held', () => {
    expect(roleView(contract, ['hr'])(record)).toEqual({
      id: 1,
      salary: 10,
      address: { city: 'Oslo' },
      accounts: [{ bank: 'A', iban: 'X' }, { bank: 'B' }],
      extra: true,
    })
    expect(roleView(contract, ['hr', 'compliance', 'vault'])(record)).toEqual(record)
  })

  it('does not change the record', () => {
    const copy = structuredClone(record)
    roleView(contract, [])(record)
    expect(record).toEqual(copy)
  })
})

describe('viewContract', () => {
  it('is the contract of the view', () => {
    const view = viewContract(contract, ['compliance'])
    expect(Object.keys(view.fields)).toEqual(['id', 'ssn', 'address', 'accounts'])
    expect(view.fields.address?.fields).toEqual(contract.fields.address?.fields)
    expect(view.fields.accounts?.items?.fields).toEqual({ bank: f('string') })
    expect({ ...view, fields: {} }).toEqual({ ...contract, fields: {} })
  })

  it('keeps every field for a reader with every role', () => {
    expect(viewContract(contract, ['compliance', 'hr', 'vault'])).toEqual(contract)
  })
})
