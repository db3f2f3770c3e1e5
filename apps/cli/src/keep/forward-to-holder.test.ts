import { describe, expect, it } from 'vitest'
import { homeArgOf } from './forward-to-holder.js'

describe('homeArgOf', () => {
  it('reads --home in both spellings, and nothing after --', () => {
    expect(homeArgOf(['runs', '--home', 'p'])).toBe('p')
    expect(homeArgOf(['status', 'r1', '--home=/x/y'])).toBe('/x/y')
    expect(homeArgOf(['runs'])).toBeUndefined()
    expect(homeArgOf(['logs', '--', '--home', 'p'])).toBeUndefined()
  })
})
