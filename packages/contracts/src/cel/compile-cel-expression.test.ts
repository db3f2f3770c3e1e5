import { describe, expect, it } from 'vitest'
import type { Contract } from '../model/index.js'
import { celRecord } from './cel-record.js'
import { compileCelExpression } from './compile-cel-expression.js'

const TRADE: Contract = {
  contract: 'trade',
  version: '1.0.0',
  unknown_fields: 'reject',
  fields: {
    id: {
      type: 'string',
      required: true,
      nullable: false,
      unique: false,
      pii: false,
      join_key: false,
    },
    qty: {
      type: 'int',
      required: false,
      nullable: true,
      unique: false,
      pii: false,
      join_key: false,
    },
  },
}
const run = (expr: string, record: Record<string, unknown>): unknown =>
  compileCelExpression(expr)({ record: celRecord(record, TRADE) })

describe('compileCelExpression', () => {
  it('runs matches() in a filter in linear time on a hostile record', () => {
    const keep = compileCelExpression('record.name.matches("^(a+)+$")')
    expect(keep({ record: { name: 'a'.repeat(5000) + '!' } })).toBe(false)
    expect(keep({ record: { name: 'aaa' } })).toBe(true)
  }, 5000)

  it('refuses a backreference in matches() and an expression nested 100k deep when it compiles', () => {
    expect(() => compileCelExpression('record.name.matches("(a)\\\\1")')).toThrow(
      'not an RE2 pattern',
    )
    expect(() => compileCelExpression('!'.repeat(100_000) + 'true')).toThrow(
      'the expression nests deeper than 250 levels (at character 251)',
    )
  })

  it('throws cel-js syntax errors with their position in the source', () => {
    expect(() => compileCelExpression('record.qty >')).toThrow(
      expect.objectContaining({ range: expect.objectContaining({ start: 12 }) as unknown }),
    )
  })

  it('reads an absent contract field as null: != null is false, not a "no such key" failure', () => {
    expect(run('record.qty != null', { id: 'a' })).toBe(false)
    expect(run('record.qty == null', { id: 'a', qty: null })).toBe(true)
    expect(run('record.qty != null && record.qty > 1', { id: 'a' })).toBe(false)
    expect(run('record.qty != null && record.qty > 1', { id: 'a', qty: 3 })).toBe(true)
    expect(run('record.qty == null ? 0 : record.qty', { id: 'a' })).toBe(0n)
  })

  it('has() is true only for a field that is present and not null', () => {
    expect(run('has(record.qty)', { id: 'a' })).toBe(false)
    expect(run('has(record.qty)', { id: 'a', qty: null })).toBe(false)
    expect(run('has(record.qty)', { id: 'a', qty: 0 })).toBe(true)
    expect(run('has(record.qty) && record.qty > 1', { id: 'a', qty: null })).toBe(false)
    expect(run('!has(record.qty) || record.qty > 1', { id: 'a', qty: null })).toBe(true)
  })

  it('a failure names the fields that were null or absent', () => {
    expect(() => run('record.qty > 1', { id: 'a', qty: null })).toThrow(
      'no such overload: dyn<null> > int (record.qty is null)',
    )
    expect(() => compileCelExpression('record.note.size() > 1')({ record: { id: 'a' } })).toThrow(
      /No such key: note \(record\.note is absent\)/,
    )
  })
})
