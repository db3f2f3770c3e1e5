import { describe, expect, it } from 'vitest'
import { sliceResultSchema } from '@runink/protocol'
import { fitError } from './fit-error.js'

describe('fitError', () => {
  it('cuts a huge message and drops huge details, so the result line fits the host’s schema', () => {
    const e = fitError({
      code: 'RUNINK_STAGE_STEP_FAILED',
      message: 'm'.repeat(10 * 1024 * 1024),
      details: { blob: 'd'.repeat(1024 * 1024) },
    })
    const line = JSON.stringify({ type: 'slice-result', version: 1, ok: false, error: e })
    expect(line.length).toBeLessThan(100 * 1024)
    expect(e.message).toMatch(/ … \(cut\)$/)
    expect(e.details).toEqual({})
    expect(sliceResultSchema.safeParse(JSON.parse(line)).success).toBe(true)
  })

  it('keeps an ordinary error as it is', () => {
    const e = { code: 'RUNINK_STAGE_BAD_PARAM', message: 'bad', details: { param: 'x' } }
    expect(fitError(e)).toEqual(e)
  })
})
