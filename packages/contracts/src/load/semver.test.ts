import { describe, expect, it } from 'vitest'
import { compareSemver, isSemver, parseSemver } from './semver.js'

describe('semver', () => {
  it('recognises semantic versions', () => {
    for (const v of [
      '0.0.0',
      '1.2.3',
      '10.20.30',
      '1.0.0-alpha.1',
      '1.0.0+build.7',
      '1.0.0-rc.1+b',
    ])
      expect(isSemver(v)).toBe(true)
    for (const v of ['1', '1.0', 'v1.0.0', '01.0.0', '1.0.0-', '1.0.0-01', '1.0.0.0', ''])
      expect(isSemver(v)).toBe(false)
    expect(parseSemver('1.2.3-rc.1')).toEqual({
      major: 1,
      minor: 2,
      patch: 3,
      prerelease: ['rc', '1'],
    })
  })

  it('orders by precedence as semver.org §11 says', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.2.0',
      '1.10.0',
      '2.0.0',
    ]
    const shuffled = [...ordered].reverse()
    expect(shuffled.sort(compareSemver)).toEqual(ordered)
    expect(compareSemver('1.0.0+a', '1.0.0+b')).toBe(0)
  })
})
