import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Contract, FieldSpec } from '../model/index.js'
import { defineContract } from './define-contract.js'
import { identify } from './identify.js'

const base: FieldSpec = {
  type: 'string',
  required: false,
  nullable: false,
  unique: false,
  pii: false,
  join_key: false,
}

/** A contract with a few constrained fields of different kinds. */
const CONTRACT: Contract = defineContract({
  contract: 'c',
  version: '1.0.0',
  fields: {
    id: { type: 'string', required: true, pattern: '^[A-Z]+$', length: { min: 1, max: 9 } },
    qty: { type: 'int', min: 0, max: 100, unique: true },
    price: { type: 'decimal', nullable: true, min: 0 },
    cur: { type: 'string', enum: ['USD', 'EUR'] },
    at: { type: 'timestamp', required: true },
    ssn: { type: 'string', pii: true, mask: 'hash', access: 'compliance' },
    tags: { type: 'array', items: { type: 'string', format: 'email' } },
    meta: { type: 'object', fields: { a: 'int', b: 'bool' } },
  },
}).model

/** The same fields in the order given by `order` (a permutation), recursively for objects. */
function reorder(
  fields: Readonly<Record<string, FieldSpec>>,
  order: number[],
): Record<string, FieldSpec> {
  const entries = Object.entries(fields)
  const picked = order.map((i) => entries[i % entries.length]).filter((e) => e !== undefined)
  const out: Record<string, FieldSpec> = {}
  for (const [k, v] of [...picked, ...entries]) {
    if (k in out) continue
    out[k] = v.fields === undefined ? v : { ...v, fields: reorder(v.fields, [...order].reverse()) }
  }
  return out
}

/** Every single-constraint change to a field spec that keeps it valid. */
function mutations(spec: FieldSpec): FieldSpec[] {
  const out: FieldSpec[] = []
  for (const flag of ['required', 'nullable', 'pii', 'join_key'] as const)
    out.push({ ...spec, [flag]: !spec[flag] })
  if (spec.min !== undefined) out.push({ ...spec, min: Number(spec.min) - 1 })
  if (spec.max !== undefined) out.push({ ...spec, max: Number(spec.max) + 1 })
  if (spec.pattern !== undefined) out.push({ ...spec, pattern: `${spec.pattern}x` })
  if (spec.enum !== undefined) out.push({ ...spec, enum: spec.enum.slice(1) })
  if (spec.length?.max !== undefined)
    out.push({ ...spec, length: { ...spec.length, max: spec.length.max + 1 } })
  if (spec.mask !== undefined) out.push({ ...spec, mask: 'redact' })
  out.push({ ...spec, description: 'changed' })
  if (spec.type === 'string') out.push({ ...spec, type: 'json' })
  return out
}

describe('identify', () => {
  it('gives the ref and the sha256 of the canonical model', () => {
    const loaded = identify(CONTRACT, { file: 'c.yaml' })
    expect(loaded.ref).toBe('c@1.0.0')
    expect(loaded.hash).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(loaded.source).toEqual({ file: 'c.yaml' })
    expect(identify(CONTRACT).source).toEqual({})
  })

  it('is invariant under field reordering', () => {
    const hash = identify(CONTRACT).hash
    const n = Object.keys(CONTRACT.fields).length
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
        (order) => {
          const shuffled = { ...CONTRACT, fields: reorder(CONTRACT.fields, order) }
          expect(identify(shuffled).hash).toBe(hash)
        },
      ),
    )
  })

  it('changes when any single constraint of any field changes, whatever the field order', () => {
    const hash = identify(CONTRACT).hash
    const cases = Object.entries(CONTRACT.fields).flatMap(([name, spec]) =>
      mutations(spec).map((changed) => ({
        ...CONTRACT,
        fields: { ...CONTRACT.fields, [name]: changed },
      })),
    )
    // Every mutation is distinct from the original and from every other mutation.
    expect(new Set(cases.map((c) => identify(c).hash)).size).toBe(cases.length)
    expect(cases.map((c) => identify(c).hash)).not.toContain(hash)
    const n = Object.keys(CONTRACT.fields).length
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
        (changed, order) => {
          const shuffled = identify({ ...changed, fields: reorder(changed.fields, order) }).hash
          expect(shuffled).not.toBe(hash)
          expect(shuffled).toBe(identify(changed).hash)
        },
      ),
    )
  })

  it('changes with the version, name, policy and nested members', () => {
    const hash = identify(CONTRACT).hash
    expect(identify({ ...CONTRACT, version: '1.0.1' }).hash).not.toBe(hash)
    expect(identify({ ...CONTRACT, contract: 'd' }).hash).not.toBe(hash)
    expect(identify({ ...CONTRACT, unknown_fields: 'keep' }).hash).not.toBe(hash)
    const meta = CONTRACT.fields.meta
    const nested = { ...meta, fields: { ...meta?.fields, c: base } } as FieldSpec
    expect(identify({ ...CONTRACT, fields: { ...CONTRACT.fields, meta: nested } }).hash).not.toBe(
      hash,
    )
  })
})
