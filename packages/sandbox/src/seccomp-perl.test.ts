import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { findHostTools } from './sandbox-backend.js'
import { unshareSeccompPrefix } from './seccomp-perl.js'

describe('unshareSeccompPrefix', () => {
  it('says plainly that slices go unfiltered where perl is missing', () => {
    const warnings: string[] = []
    expect(unshareSeccompPrefix(undefined, warnings)).toBeUndefined()
    expect(warnings).toEqual([
      expect.stringMatching(/^slices run without a seccomp filter: .*perl, which is not installed/),
    ])
  })

  it('loads the filter into a real process before it runs the command', () => {
    const { perl, setpriv } = findHostTools()
    expect(perl).toBeDefined()
    expect(setpriv).toBeDefined()
    const warnings: string[] = []
    const prefix = unshareSeccompPrefix(perl, warnings) ?? []
    expect(warnings).toEqual([])
    const result = spawnSync(
      setpriv ?? '',
      [
        '--no-new-privs',
        '--',
        ...prefix,
        '/bin/sh',
        '-c',
        'grep ^Seccomp: /proc/self/status; unshare -U true',
      ],
      { encoding: 'utf8' },
    )
    expect(result.stdout).toMatch(/Seccomp:\s+2/)
    expect(result.stderr).toMatch(/unshare failed: Operation not permitted/)
    expect(result.status).not.toBe(0)
  })
})
