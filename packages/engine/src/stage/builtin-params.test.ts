import { describe, expect, it } from 'vitest'
import { builtinParams, builtinStep } from './builtin-steps.js'
import { StageError } from './stage-error.js'

const ctx = {
  contract: { contract: 'c', version: '1.0.0', unknown_fields: 'keep', fields: {} },
  maskKey: 'k',
  params: {},
} as const

/** The error `fn` throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('nothing thrown')
}

describe('built-in step parameters as the engine reads them', () => {
  it('reads the canonical names the compiler writes', () => {
    expect(builtinParams('filter', { condition: 'record.a > 1' })).toEqual({
      condition: 'record.a > 1',
    })
    expect(builtinParams('select', { fields: ['a', 'b'] }).fields).toEqual(['a', 'b'])
    expect(builtinParams('quality', { min_rows: 2 })).toEqual({ min_rows: 2 })
  })

  it('fails with a typed error naming the step and the parameter a plan lacks', () => {
    // An older plan's names are not guessed at.
    for (const [name, params, param] of [
      ['filter', { expr: 'record.a > 1' }, 'condition'],
      ['sql', { query: 'SELECT 1' }, 'sql'],
      ['dedupe', {}, 'key'],
    ] as const) {
      const error = thrown(() => builtinStep(name, params, ctx))
      expect(error).toBeInstanceOf(StageError)
      expect(error).toMatchObject({
        code: 'RUNINK_STAGE_BAD_PARAM',
        message: expect.stringContaining(`${name}: the plan gives no "${param}" parameter`),
        details: { step: name, param },
      })
    }
  })

  it('takes lists as arrays only, and counts as counts', () => {
    expect(thrown(() => builtinParams('select', { fields: 'a,b' }))).toMatchObject({
      code: 'RUNINK_STAGE_BAD_PARAM',
      message: 'select: "fields" must be a list of names in the plan',
    })
    expect(thrown(() => builtinParams('quality', { min_rows: '1' }))).toMatchObject({
      details: { step: 'quality', param: 'min_rows' },
    })
    expect(thrown(() => builtinParams('derive', { total: 1 }))).toMatchObject({
      details: { step: 'derive', param: 'total' },
    })
  })

  it('names an unknown built-in', () => {
    expect(thrown(() => builtinStep('explode', {}, ctx))).toMatchObject({
      code: 'RUNINK_STAGE_UNKNOWN_STEP',
    })
  })
})
