import { fieldSpec } from '@runink/contracts'
import { describe, it, expect } from 'vitest'
import type { Contract, FieldSpec } from '@runink/contracts'
import { RecordRouter } from './record-router.js'
import { deadLetterFactory, describeDeadLetter } from './dead-letter-envelope.js'
import { setPosition } from './record-position.js'
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
  // Valid records arrive as they are; invalid ones as their dead-letter envelope.
  const idOf = (r: Record<string, unknown>) =>
    'errors' in r && 'stage' in r ? (r.record as { id: number }).id : r.id
  const got = new Map(router.drain().map(([s, rs]) => [s.stagingPath, rs.map(idOf)]))
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

  it('gives dead-lettered records their envelope and counts only valid output as out', () => {
    const router = new RecordRouter(
      contract,
      [sink('ok'), sink('dlq', '!record.valid')],
      'strict',
      {
        deadLetter: deadLetterFactory('orders-stage', { masks: false, contracts: [] }),
        sources: ['csv://data/orders.csv'],
      },
    )
    const batch = records.map((r) => ({ ...r }))
    batch.forEach((r, i) => setPosition(r, { source: 0, n: i + 1 }))
    router.route(batch)
    const dlq = router.drain().find(([s]) => s.stagingPath === 'dlq')?.[1] ?? []
    // As a sink writes it (JSON): the position mark is not part of the record.
    expect(JSON.parse(JSON.stringify(dlq))).toEqual([
      {
        record: { id: 0, valid: true },
        errors: [{ field: 'id', rule: 'min', expected: 1, actual: 0, message: expect.any(String) }],
        stage: 'orders-stage',
        source: { uri: 'csv://data/orders.csv', position: 2 },
      },
      {
        record: { id: -5 },
        errors: [
          { field: 'id', rule: 'min', expected: 1, actual: -5, message: expect.any(String) },
        ],
        stage: 'orders-stage',
        source: { uri: 'csv://data/orders.csv', position: 4 },
      },
    ])
    // Dead-letter writes are never output: out counts the valid records written.
    expect(router.stats).toMatchObject({ valid: 2, invalid: 2, unrouted: 0, recordsOut: 2 })
    expect(router.reasons.top()).toEqual([
      { field: 'id', rule: 'min', label: 'id: must be ≥ 1', count: 2 },
    ])
  })

  it('counts a valid record written to two sinks once, and one no sink takes not at all', () => {
    const router = new RecordRouter(
      contract,
      [sink('a'), sink('b'), sink('c', 'record.id == 2')],
      'strict',
    )
    router.route([{ id: 1 }, { id: 2 }])
    expect(router.stats).toMatchObject({ valid: 2, recordsOut: 2 })
    const only = new RecordRouter(contract, [sink('c', 'record.id == 2')], 'strict')
    only.route([{ id: 1 }, { id: 2 }])
    expect(only.stats).toMatchObject({ valid: 2, recordsOut: 1 })
  })

  it('names unrouted invalid records by input position, or as made by a step', () => {
    const router = new RecordRouter(contract, [sink('ok', 'record.valid')], 'strict', {
      sources: ['csv://a.csv', 'jsonl://b.jsonl'],
    })
    const batch = records.map((r) => ({ ...r }))
    setPosition(batch[1]!, { source: 1, n: 7 })
    router.route(batch)
    expect(router.stats).toMatchObject({ valid: 2, invalid: 2, unrouted: 2 })
    expect(router.stats.firstInvalid.map((r) => r.source)).toEqual([
      { uri: 'jsonl://b.jsonl', position: 7 },
      null,
    ])
    expect(router.stats.firstInvalid.map(describeDeadLetter)).toEqual([
      'record 7 of b.jsonl: id: 0 is below the minimum 1',
      'a record made by a step (no input position): id: -5 is below the minimum 1',
    ])
  })

  it('names the valid record a sink condition failed on by its input position', () => {
    const router = new RecordRouter(
      contract,
      [sink('a', 'record.id / (record.id - 2) > 0')],
      'strict',
      {
        sources: ['csv://data/orders.csv'],
      },
    )
    const batch = [{ id: 1 }, { id: 2 }]
    batch.forEach((r, i) => setPosition(r, { source: 0, n: i + 10 }))
    expect(() => router.route(batch)).toThrow(
      /^record 11 of data\/orders\.csv: sink jsonl:\/\/a: condition "record\.id \/ \(record\.id - 2\) > 0" failed: /,
    )
  })

  it('still evaluates other conditions with CEL, over the record fields', () => {
    expect(routed(['record.valid && record.id > 1', '!record.valid || record.id == 1'])).toEqual([
      [2],
      [1, 0, -5],
    ])
  })
})
