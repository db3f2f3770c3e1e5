import { fieldSpec } from '@runink/contracts'
import { describe, it, expect } from 'vitest'
import type { Contract, FieldSpec } from '@runink/contracts'
import { RecordRouter } from './record-router.js'
import type { SliceSink } from './slice-job.js'

/** A required field (these tests are about values, not presence). */
const f = (type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec =>
  fieldSpec(type, { required: true, ...extra })

// `valid` is also a field: the condition must read the record's validity, not the field.
const contract: Contract = {
  contract: 'orders',
  version: '1.0.0',
  unknown_fields: 'reject',
  fields: { id: f('int', { min: 1 }), valid: f('bool', { required: false }) },
}

const sink = (name: string, when?: string): SliceSink => ({
  uri: `jsonl://${name}`,
  stagingPath: name,
  format: 'jsonl',
  ...(when === undefined ? {} : { when }),
})

const records = [{ id: 1, valid: false }, { id: 0, valid: true }, { id: 2 }, { id: -5 }]

/** Ids of the records each sink received, in sink order. */
function routed(whens: (string | undefined)[]): number[][] {
  const router = new RecordRouter(
    contract,
    whens.map((w, i) => sink(`s${i}`, w)),
    'strict',
  )
  router.route(records)
  const got = new Map(router.drain().map(([s, rs]) => [s.stagingPath, rs.map((r) => r.id)]))
  return whens.map((_, i) => (got.get(`s${i}`) ?? []) as number[])
}

describe('RecordRouter conditions', () => {
  it('routes `record.valid` and `!record.valid` exactly as the same conditions through CEL', () => {
    const fast = routed([undefined, 'record.valid', '!record.valid', '  !record.valid '])
    const cel = routed([
      undefined,
      'record.valid == true',
      'record.valid == false',
      '!(record.valid)',
    ])
    expect(fast).toEqual(cel)
    expect(fast).toEqual([
      [1, 2],
      [1, 2],
      [0, -5],
      [0, -5],
    ])
  })

  it('gives dead-lettered records their errors and counts them', () => {
    const router = new RecordRouter(contract, [sink('ok'), sink('dlq', '!record.valid')], 'strict')
    router.route(records)
    const dlq = router.drain().find(([s]) => s.stagingPath === 'dlq')?.[1] ?? []
    expect(dlq.map((r) => r._errors)).toEqual([
      [{ path: 'id', rule: 'min', message: expect.any(String) }],
      [{ path: 'id', rule: 'min', message: expect.any(String) }],
    ])
    expect(router.stats).toMatchObject({ valid: 2, invalid: 2, unrouted: 0, recordsOut: 4 })
  })

  it('counts invalid records as unrouted when only `record.valid` sinks exist', () => {
    const router = new RecordRouter(contract, [sink('ok', 'record.valid')], 'strict')
    router.route(records)
    expect(router.stats).toMatchObject({ valid: 2, invalid: 2, unrouted: 2 })
    expect(router.stats.firstInvalid.map((r) => r.record)).toEqual([2, 4])
  })

  it('still evaluates other conditions with CEL, over the record fields', () => {
    expect(routed(['record.valid && record.id > 1', '!record.valid || record.id == 1'])).toEqual([
      [2],
      [1, 0, -5],
    ])
  })
})
