import { fieldSpec } from '../model/index.js'
import { describe, it, expect } from 'vitest'
import { hmacSha256Hex, isRuninkError, type IdGenerator } from '@runink/core'
import { isMaskedValue, type Contract, type FieldSpec } from '../model/index.js'
import { createMasker } from './create-masker.js'
import { createMemoryTokenVault } from './token-vault.js'

const f = fieldSpec

/** Ids `t1`, `t2`, … so tokens are predictable. */
const counter = (): IdGenerator => {
  let n = 0
  return { next: () => `t${++n}` }
}

const contract: Contract = {
  contract: 'customers',
  version: '1.0.0',
  unknown_fields: 'keep',
  fields: {
    id: f('int', { required: true }),
    name: f('string', { mask: 'redact' }),
    ssn: f('string', { mask: 'hash', pii: true }),
    card: f('string', { mask: 'tokenize' }),
    age: f('int', { mask: 'hash' }),
    address: f('object', {
      fields: { street: f('string', { mask: 'redact' }), city: f('string') },
    }),
    accounts: f('array', {
      items: f('object', {
        fields: { iban: f('string', { mask: 'tokenize' }), bank: f('string') },
      }),
    }),
    emails: f('array', { items: f('string', { mask: 'hash' }) }),
    prefs: f('json', { mask: 'hash' }),
  },
}

const record = {
  id: 7,
  name: 'Ada Lovelace',
  ssn: '123-45-6789',
  card: '4111111111111111',
  age: 36,
  address: { street: '1 Main St', city: 'London' },
  accounts: [
    { iban: 'GB00A', bank: 'B1' },
    { iban: 'GB00B', bank: 'B2' },
  ],
  emails: ['a@x.io', 'b@x.io'],
  prefs: { b: 1, a: [true] },
  extra: 'undeclared',
}

describe('createMasker', () => {
  const masker = createMasker(contract, {
    hashKey: 'herd-key',
    vault: createMemoryTokenVault(counter()),
  })
  const out = masker.mask(record)

  it('applies every mask kind, nested and in arrays of objects', () => {
    expect(out).toEqual({
      id: 7,
      name: '[REDACTED]',
      ssn: `hash:${hmacSha256Hex('herd-key', '123-45-6789')}`,
      card: 'tok:t1',
      age: `hash:${hmacSha256Hex('herd-key', '36')}`,
      address: { street: '[REDACTED]', city: 'London' },
      accounts: [
        { iban: 'tok:t2', bank: 'B1' },
        { iban: 'tok:t3', bank: 'B2' },
      ],
      emails: [
        `hash:${hmacSha256Hex('herd-key', 'a@x.io')}`,
        `hash:${hmacSha256Hex('herd-key', 'b@x.io')}`,
      ],
      // Non-strings hash as canonical JSON: key order does not change the hash.
      prefs: `hash:${hmacSha256Hex('herd-key', '{"a":[true],"b":1}')}`,
      extra: 'undeclared',
    })
  })

  it('produces values of the masked forms the validator accepts', () => {
    expect(isMaskedValue('redact', out.name)).toBe(true)
    expect(isMaskedValue('hash', out.ssn)).toBe(true)
    expect(isMaskedValue('tokenize', out.card)).toBe(true)
  })

  it('never mutates its input', () => {
    const copy = structuredClone(record)
    masker.mask(record)
    expect(record).toEqual(copy)
    expect(out.address).not.toBe(record.address)
  })

  it('hashes stably per key and differently across keys', () => {
    const again = createMasker(contract, {
      hashKey: 'herd-key',
      vault: createMemoryTokenVault(counter()),
    })
    const other = createMasker(contract, {
      hashKey: 'other-key',
      vault: createMemoryTokenVault(counter()),
    })
    const bytes = createMasker(contract, {
      hashKey: new TextEncoder().encode('herd-key'),
      vault: createMemoryTokenVault(counter()),
    })
    expect(again.mask(record).ssn).toBe(out.ssn)
    expect(bytes.mask(record).ssn).toBe(out.ssn)
    expect(other.mask(record).ssn).not.toBe(out.ssn)
  })

  it('gives the same token for the same value and field, and keeps tokens reversible', () => {
    const vault = createMemoryTokenVault(counter())
    const m = createMasker(contract, { hashKey: 'k', vault })
    const a = m.mask({ card: '4111', accounts: [{ iban: '4111' }] })
    const b = m.mask({ card: '4111' })
    expect(b.card).toBe(a.card)
    // The same value in another field gets its own token.
    expect((a.accounts as { iban: string }[])[0]?.iban).not.toBe(a.card)
    expect(vault.detokenize(String(a.card).slice('tok:'.length))).toBe('4111')
  })

  it('leaves null, absent and already-masked values as they are', () => {
    const m = createMasker(contract, { hashKey: 'k', vault: createMemoryTokenVault(counter()) })
    expect(m.mask({ id: 1, name: null, ssn: undefined })).toEqual({
      id: 1,
      name: null,
      ssn: undefined,
    })
    expect(m.mask({ id: 1 })).toEqual({ id: 1 })
    const once = m.mask(record)
    expect(m.mask(once)).toEqual(once)
  })

  it('passes through values of the wrong shape for validation to report', () => {
    const m = createMasker(contract, { hashKey: 'k', vault: createMemoryTokenVault(counter()) })
    expect(m.mask({ address: 'nowhere', accounts: 3 })).toEqual({ address: 'nowhere', accounts: 3 })
  })

  it('refuses a tokenizing contract without a vault, with a code', () => {
    let caught: unknown
    try {
      createMasker(contract, { hashKey: 'k' })
    } catch (e) {
      caught = e
    }
    expect(isRuninkError(caught)).toBe(true)
    expect(caught).toMatchObject({ code: 'RUNINK_MASK_NO_VAULT', details: { field: 'card' } })
  })

  it('finds a tokenized field nested in array items', () => {
    const nested: Contract = {
      ...contract,
      fields: { accounts: contract.fields.accounts as FieldSpec },
    }
    expect(() => createMasker(nested, { hashKey: 'k' })).toThrow(/accounts/)
    const noTokens: Contract = { ...contract, fields: { ssn: contract.fields.ssn as FieldSpec } }
    expect(createMasker(noTokens, { hashKey: 'k' }).mask({ ssn: 'x' }).ssn).toMatch(/^hash:/)
  })

  it('hashes with an injected HMAC, which sees the key and canonical text', () => {
    const calls: [string | Uint8Array, string][] = []
    const m = createMasker(contract, {
      hashKey: 'herd-key',
      vault: createMemoryTokenVault(counter()),
      hmac: (key, data) => {
        calls.push([key, data])
        return hmacSha256Hex(key, data)
      },
    })
    expect(m.mask(record)).toEqual(out)
    expect(calls).toContainEqual(['herd-key', '123-45-6789'])
    expect(calls).toContainEqual(['herd-key', '{"a":[true],"b":1}'])
  })

  it('keeps members named like prototype properties as own data, touching no prototype', () => {
    const m = createMasker(contract, { hashKey: 'k', vault: createMemoryTokenVault(counter()) })
    const input = JSON.parse(
      '{"id":1,"__proto__":{"polluted":true},"constructor":"c","toString":"s","name":"Ada"}',
    ) as Record<string, unknown>
    const masked = m.mask(input)
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype)
    expect(Object.keys(masked)).toEqual(['id', '__proto__', 'constructor', 'toString', 'name'])
    expect(Object.getOwnPropertyDescriptor(masked, '__proto__')?.value).toEqual({
      polluted: true,
    })
    expect(masked.constructor).toBe('c')
    expect(masked.name).toBe('[REDACTED]')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('masks a member named __proto__ when the contract declares one', () => {
    const fields = JSON.parse('{"__proto__":{}}') as Record<string, FieldSpec>
    Object.defineProperty(fields, '__proto__', {
      value: f('string', { mask: 'redact' }),
      enumerable: true,
      writable: true,
      configurable: true,
    })
    const m = createMasker({ ...contract, fields }, { hashKey: 'k' })
    const masked = m.mask(JSON.parse('{"__proto__":"secret","id":2}') as Record<string, unknown>)
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(masked, '__proto__')?.value).toBe('[REDACTED]')
    expect(masked.id).toBe(2)
  })

  it('refuses an empty hash key', () => {
    expect(() => createMasker(contract, { hashKey: '' })).toThrow(
      expect.objectContaining({ code: 'RUNINK_MASK_NO_KEY' }),
    )
  })
})

describe('createMemoryTokenVault', () => {
  it('rejects ids that are not of the token form, and reused ids', () => {
    const bad = createMemoryTokenVault({ next: () => 'has space' })
    expect(() => bad.tokenize('v', 'f')).toThrow(
      expect.objectContaining({ code: 'RUNINK_MASK_BAD_TOKEN' }),
    )
    const same = createMemoryTokenVault({ next: () => 'x' })
    expect(same.tokenize('v', 'f')).toBe('x')
    expect(() => same.tokenize('w', 'f')).toThrow(/reused/)
  })

  it('does not know tokens it did not issue', () => {
    expect(createMemoryTokenVault(counter()).detokenize('t1')).toBeUndefined()
  })
})
