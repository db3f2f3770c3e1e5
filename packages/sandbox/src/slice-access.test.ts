import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findHostTools } from './sandbox-backend.js'
import { admitSliceUser, unreachableFor } from './slice-access.js'
import { sliceUser, type SliceUser } from './slice-user.js'
import { testsRunAsRoot } from './testing/unprivileged.js'

// Real folders, real modes, and the real slice account, which exists only for a launcher run as
// root (a user's slices map to that user: see sliceUser below).
describe.runIf(testsRunAsRoot)('what the slice account can reach', () => {
  let base: string
  let user: SliceUser
  const setpriv = findHostTools().setpriv

  beforeAll(() => {
    const found = sliceUser()
    if (found === undefined) throw new Error('these tests run as root')
    user = found
    base = mkdtempSync(join(tmpdir(), 'runink-access-test-'))
    chmodSync(base, 0o755)
    for (const [dir, mode] of [
      ['open', 0o755],
      ['closed', 0o700],
      ['closed/inside', 0o755],
      ['listless', 0o711],
      ['listless/inside', 0o755],
    ] as const) {
      mkdirSync(join(base, dir))
      chmodSync(join(base, dir), mode)
    }
    writeFileSync(join(base, 'open', 'data.csv'), 'a\n', { mode: 0o644 })
    writeFileSync(join(base, 'open', 'secret.csv'), 'a\n', { mode: 0o600 })
  })
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  it('finds a folder on the way that it may not search, or the target it may not read', () => {
    expect(unreachableFor(user, join(base, 'open'), setpriv)).toBeUndefined()
    expect(unreachableFor(user, join(base, 'open', 'data.csv'), setpriv)).toBeUndefined()
    expect(unreachableFor(user, join(base, 'listless', 'inside'), setpriv)).toBeUndefined()
    expect(unreachableFor(user, join(base, 'closed', 'inside'), setpriv)).toEqual({
      path: join(base, 'closed'),
      lacks: 'search',
    })
    expect(unreachableFor(user, join(base, 'closed'), setpriv)).toEqual({
      path: join(base, 'closed'),
      lacks: 'read',
    })
    expect(unreachableFor(user, join(base, 'listless'), setpriv)).toEqual({
      path: join(base, 'listless'),
      lacks: 'read',
    })
    expect(unreachableFor(user, join(base, 'open', 'secret.csv'), setpriv)).toEqual({
      path: join(base, 'open', 'secret.csv'),
      lacks: 'read',
    })
  })

  it('gives the staging folder to the account and refuses, naming path and fix, what it cannot reach', () => {
    const staging = mkdtempSync(join(base, 'listless', 'slice-'))
    admitSliceUser(user, staging, [join(base, 'open')], setpriv, new Set())
    expect(statSync(staging)).toMatchObject({ uid: user.uid, gid: user.gid })
    let error: unknown
    try {
      admitSliceUser(user, staging, [join(base, 'closed', 'inside')], setpriv, new Set())
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({
      code: 'RUNINK_SANDBOX_PATH_UNREADABLE',
      message: expect.stringContaining(
        `cannot search ${join(base, 'closed')}, needed for ${join(base, 'closed', 'inside')}; fix: chmod o+x ${join(base, 'closed')}`,
      ),
    })
  })
})

describe('sliceUser', () => {
  it('is none for an unprivileged launcher: slices map to the caller', () => {
    expect(sliceUser(1000)).toBeUndefined()
  })

  it('refuses an account with uid 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runink-passwd-test-'))
    const passwd = join(dir, 'passwd')
    writeFileSync(passwd, 'root:x:0:0::/root:/bin/sh\nrunink-slice:x:0:0::/:/usr/sbin/nologin\n')
    expect(() => sliceUser(0, passwd)).toThrow(/has uid or gid 0/)
    rmSync(dir, { recursive: true, force: true })
  })

  it('reads the account from the password file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runink-passwd-test-'))
    const passwd = join(dir, 'passwd')
    writeFileSync(passwd, 'runink-slice:x:4242:4343::/:/usr/sbin/nologin\n')
    expect(sliceUser(0, passwd)).toEqual({ name: 'runink-slice', uid: 4242, gid: 4343 })
    rmSync(dir, { recursive: true, force: true })
  })
})
