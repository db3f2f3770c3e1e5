import { describe, expect, it } from 'vitest'
import { DEFAULT_KEEP_BARN_SECONDS, keepBarnSeconds } from './keep-barn-setting.js'

describe('RUNINK_KEEP_BARN', () => {
  it('defaults to a minute, turns off with 0 or off, and takes whole seconds up to an hour', () => {
    expect(keepBarnSeconds({})).toEqual({ seconds: DEFAULT_KEEP_BARN_SECONDS })
    expect(keepBarnSeconds({ RUNINK_KEEP_BARN: ' ' })).toEqual({ seconds: 60 })
    expect(keepBarnSeconds({ RUNINK_KEEP_BARN: '0' })).toEqual({ seconds: 0 })
    expect(keepBarnSeconds({ RUNINK_KEEP_BARN: 'OFF' })).toEqual({ seconds: 0 })
    expect(keepBarnSeconds({ RUNINK_KEEP_BARN: '5' })).toEqual({ seconds: 5 })
    expect(keepBarnSeconds({ RUNINK_KEEP_BARN: '3600' })).toEqual({ seconds: 3600 })
  })

  it('says what is accepted when the value is not a number of seconds', () => {
    for (const bad of ['3601', '-1', '1.5', '10s', 'yes'])
      expect(keepBarnSeconds({ RUNINK_KEEP_BARN: bad })).toEqual({
        error: `RUNINK_KEEP_BARN=${bad} is not a number of seconds from 0 to 3600 (or off)`,
      })
  })
})
