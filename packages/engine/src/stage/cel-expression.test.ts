import { describe, expect, it } from 'vitest'
import type { Contract } from '@runink/contracts'
import { builtinStep } from './builtin-steps.js'
import { compileCel } from './cel-expression.js'
import { celRecord } from './cel-values.js'

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
  compileCel(expr, 'filter')({ record: celRecord(record, TRADE) })

describe('compileCel', () => {
  it('runs matches() in a filter in linear time on a hostile record', () => {
    const keep = compileCel('record.name.matches("^(a+)+$")', 'filter')
    expect(keep({ record: { name: 'a'.repeat(5000) + '!' } })).toBe(false)
    expect(keep({ record: { name: 'aaa' } })).toBe(true)
  }, 5000)

  it('refuses a backreference in matches() with a coded error when it compiles', () => {
    expect(() => compileCel('record.name.matches("(a)\\\\1")', 'filter("…")')).toThrow(
      expect.objectContaining({
        code: 'RUNINK_STAGE_BAD_EXPRESSION',
        message: expect.stringContaining('not an RE2 pattern') as unknown,
      }),
    )
  })

  it('refuses an expression nested 100k deep with a coded error, not a stack overflow', () => {
    expect(() => compileCel('!'.repeat(100_000) + 'true', 'filter')).toThrow(
      expect.objectContaining({
        code: 'RUNINK_STAGE_BAD_EXPRESSION',
        message: 'filter: the expression nests deeper than 250 levels (at character 251)',
      }),
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
    expect(() => compileCel('record.note.size() > 1', 'filter')({ record: { id: 'a' } })).toThrow(
      /No such key: note \(record\.note is absent\)/,
    )
  })

  it('a derive that fails on a record names the expression and the null field', async () => {
    const step = builtinStep(
      'derive',
      { double: 'record.qty * 2' },
      {
        contract: TRADE,
        maskKey: 'k',
        params: {},
      },
    )
    async function* input(): AsyncGenerator<Array<Record<string, unknown>>> {
      yield [{ id: 'a', qty: 2 }, { id: 'b' }]
    }
    const drain = async (): Promise<void> => {
      for await (const _ of step(input())) void _
    }
    await expect(drain()).rejects.toThrow(
      /expression "record\.qty \* 2" failed: no such overload: dyn<null> \* int \(record\.qty is null\)/,
    )
  })
})
