import { describe, expect, it } from 'vitest'
import { fieldSpec, type Contract } from '@runink/contracts'
import { builtinStep } from './builtin-steps.js'
import { compileCel } from './cel-expression.js'

const TRADE: Contract = {
  contract: 'trade',
  version: '1.0.0',
  unknown_fields: 'reject',
  fields: {
    id: fieldSpec('string', { required: true }),
    qty: fieldSpec('int', { nullable: true }),
  },
}

// What the expressions do (RE2 matches(), has(), absent fields as null, null fields named in
// failures) is tested beside compileCelExpression in @runink/contracts.
describe('compileCel', () => {
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
