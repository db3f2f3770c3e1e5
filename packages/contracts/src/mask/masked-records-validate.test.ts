import { fieldSpec } from '../model/index.js'
import { describe, it, expect } from 'vitest'
import type { Contract } from '../model/index.js'
import { compileValidator } from '../validate/index.js'
import { createMasker } from './create-masker.js'
import { roleView, viewContract } from './role-view.js'
import { createMemoryTokenVault } from './token-vault.js'

const f = fieldSpec

const contract: Contract = {
  contract: 'accounts',
  version: '1.0.0',
  unknown_fields: 'reject',
  fields: {
    id: f('string', { required: true, pattern: '^A[0-9]{3}$' }),
    ssn: f('string', {
      required: true,
      mask: 'hash',
      pattern: '^[0-9]{3}-[0-9]{2}-[0-9]{4}$',
      access: 'ops',
    }),
    email: f('string', { mask: 'tokenize', format: 'email' }),
    balance: f('decimal', { mask: 'redact', min: 0 }),
    owners: f('array', {
      items: f('object', { fields: { name: f('string', { mask: 'redact', length: { max: 5 } }) } }),
    }),
  },
}

const record = {
  id: 'A001',
  ssn: '123-45-6789',
  email: 'ada@example.org',
  balance: 10.5,
  owners: [{ name: 'Ada' }],
}

describe('masked records and role views validate against their contracts', () => {
  const validator = compileValidator(contract)

  it('a masked record still fits the contract that masked it', () => {
    expect(validator.validate(record).valid).toBe(true)
    const vault = createMemoryTokenVault({ next: () => 'tok_1' })
    const masked = createMasker(contract, { hashKey: 'k', vault }).mask(record)
    expect(masked.balance).toBe('[REDACTED]')
    expect(validator.validate(masked)).toMatchObject({ valid: true })
  })

  it('a role view fits the view contract, not the full one', () => {
    const view = roleView(contract, [])(record)
    expect(view).not.toHaveProperty('ssn')
    expect(compileValidator(viewContract(contract, [])).validate(view).valid).toBe(true)
    // ssn is required, so the full contract no longer fits the view.
    expect(validator.validate(view).valid).toBe(false)
  })
})
