import { describe, expect, it } from 'vitest'
import { fieldSpec, type Contract } from '@runink/contracts'
import { checkedAtSource } from './checked-at-source.js'
import type { SliceJob, SliceSource, SliceStep } from './slice-job.js'

const trade: Contract = {
  contract: 'trade',
  version: '1.0.0',
  unknown_fields: 'reject',
  fields: {
    id: fieldSpec('string', { required: true }),
    email: fieldSpec('string', { pii: true, mask: 'hash', format: 'email' }),
  },
}
const other: Contract = { ...trade, version: '1.1.0' }

const csv: SliceSource = { uri: 'csv://a.csv', path: 'a.csv', format: 'csv', mode: 'coerce' }
const jsonl: SliceSource = {
  uri: 'jsonl://b.jsonl',
  path: 'b.jsonl',
  format: 'jsonl',
  mode: 'strict',
}
const step = (name: string): SliceStep => ({ kind: 'builtin', name, params: {} })

function job(sources: SliceSource[], steps: SliceStep[], contract = trade): SliceJob {
  return {
    runId: 'r',
    stageId: 's',
    sliceIndex: 0,
    attempt: 1,
    sources,
    steps,
    contract,
    sinks: [],
    params: {},
    maskKey: 'k',
  }
}

describe('checkedAtSource', () => {
  it('holds for one text source read by the stage contract, then mask/filter/dedupe', () => {
    expect(checkedAtSource(job([csv], []), undefined)).toBe(true)
    expect(
      checkedAtSource(job([csv], [step('mask'), step('filter'), step('dedupe')]), undefined),
    ).toBe(true)
    // An equal contract loaded separately counts as the same.
    expect(
      checkedAtSource(job([{ ...csv, contract: { ...trade } }], [step('mask')]), undefined),
    ).toBe(true)
    expect(checkedAtSource(job([jsonl], [step('mask')]), { ...trade })).toBe(true)
  })

  it('does not hold when a step may change records', () => {
    for (const name of ['select', 'rename', 'cast', 'derive', 'sql'])
      expect(checkedAtSource(job([csv], [step('mask'), step(name)]), undefined)).toBe(false)
    const module: SliceStep = { kind: 'module', module: '/x.js', name: 'x', params: {} }
    expect(checkedAtSource(job([csv], [module]), undefined)).toBe(false)
  })

  it('does not hold when a source was read by another contract, or not checked at all', () => {
    expect(checkedAtSource(job([{ ...csv, contract: other }], []), undefined)).toBe(false)
    expect(checkedAtSource(job([csv], []), other)).toBe(false)
    // A typed source without a declared contract is read as is.
    expect(checkedAtSource(job([jsonl], []), undefined)).toBe(false)
    // Several text sources are checked only by their own contracts.
    expect(checkedAtSource(job([csv, { ...csv, path: 'c.csv' }], []), undefined)).toBe(false)
  })

  it('does not hold when the contract has a unique field: uniqueness is decided at the output', () => {
    const unique: Contract = {
      ...trade,
      fields: { ...trade.fields, id: fieldSpec('string', { required: true, unique: true }) },
    }
    expect(checkedAtSource(job([csv], []), undefined)).toBe(true)
    expect(checkedAtSource(job([csv], [], unique), undefined)).toBe(false)
  })
})
