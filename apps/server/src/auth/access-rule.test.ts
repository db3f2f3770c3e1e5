import { describe, expect, it } from 'vitest'
import type { HerdRole } from '@runink/core'
import { allows, type AccessRule } from './access-rule.js'
import type { Principal } from './principal.js'

const token = (herd: string | null, role: HerdRole): Principal => ({
  kind: 'token',
  id: 't',
  name: 'n',
  instanceRole: herd === null ? role : null,
  herdRoles: herd === null ? {} : { [herd]: role },
  customRoles: {},
  run: null,
})

describe('allows', () => {
  it('lets public routes through and keeps signed-in ones to valid tokens', () => {
    expect(allows(undefined, { scope: 'public' }, {})).toBe(true)
    expect(allows(undefined, { scope: 'signed-in' }, {})).toBe(false)
    expect(allows(token('a', 'viewer'), { scope: 'signed-in' }, {})).toBe(true)
  })

  it('gives instance routes only to tokens of every herd with the role', () => {
    const admin: AccessRule = { scope: 'instance', role: 'admin' }
    expect(allows(token(null, 'admin'), admin, {})).toBe(true)
    expect(allows(token(null, 'editor'), admin, {})).toBe(false)
    // A herd's admin is not an instance admin.
    expect(allows(token('a', 'admin'), admin, {})).toBe(false)
  })

  it('gives herd routes to the herd’s own tokens and instance tokens with the role, never another herd’s', () => {
    const edit: AccessRule = { scope: 'herd', role: 'editor' }
    expect(allows(token('a', 'editor'), edit, { herd: 'a' })).toBe(true)
    expect(allows(token('a', 'admin'), edit, { herd: 'a' })).toBe(true)
    expect(allows(token('a', 'viewer'), edit, { herd: 'a' })).toBe(false)
    expect(allows(token('a', 'admin'), edit, { herd: 'b' })).toBe(false)
    expect(allows(token(null, 'editor'), edit, { herd: 'b' })).toBe(true)
    expect(allows(token('a', 'admin'), edit, {})).toBe(false)
  })

  it('gives a user the higher of its instance and herd roles, and only where it has one', () => {
    const user: Principal = {
      kind: 'user',
      id: 'u',
      name: 'ada',
      instanceRole: 'viewer',
      herdRoles: { a: 'admin' },
      customRoles: {},
      run: null,
    }
    expect(allows(user, { scope: 'herd', role: 'admin' }, { herd: 'a' })).toBe(true)
    expect(allows(user, { scope: 'herd', role: 'editor' }, { herd: 'b' })).toBe(false)
    expect(allows(user, { scope: 'herd', role: 'viewer' }, { herd: 'b' })).toBe(true)
    expect(allows(user, { scope: 'instance', role: 'admin' }, {})).toBe(false)
    const none = { ...user, instanceRole: null }
    expect(allows(none, { scope: 'herd', role: 'viewer' }, { herd: 'b' })).toBe(false)
    expect(allows(none, { scope: 'herd', role: 'viewer' }, { herd: 'toString' })).toBe(false)
  })

  it('lets a run token read its own run and nothing else', () => {
    const run: Principal = {
      kind: 'run',
      id: 'r',
      name: 'run-1',
      instanceRole: null,
      herdRoles: {},
      customRoles: {},
      run: { herd: 'a', runId: 'run-1' },
    }
    const view: AccessRule = { scope: 'herd', role: 'viewer' }
    expect(allows(run, view, { herd: 'a', runId: 'run-1' })).toBe(true)
    expect(allows(run, view, { herd: 'a', runId: 'run-2' })).toBe(false)
    expect(allows(run, view, { herd: 'b', runId: 'run-1' })).toBe(false)
    expect(allows(run, view, { herd: 'a' })).toBe(false)
    expect(allows(run, { scope: 'herd', role: 'editor' }, { herd: 'a', runId: 'run-1' })).toBe(
      false,
    )
    expect(allows(run, { scope: 'signed-in' }, {})).toBe(false)
    expect(allows(run, { scope: 'instance', role: 'viewer' }, {})).toBe(false)
  })

  it('gives a custom role what its permissions allow in its herd, whatever built-in role the rule names', () => {
    const user: Principal = {
      kind: 'user',
      id: 'u',
      name: 'ada',
      instanceRole: null,
      herdRoles: {},
      customRoles: {
        a: {
          name: 'runner',
          allow: ['read:runs/**', 'write:runs/*/cancel'],
          deny: ['read:runs/*/logs'],
        },
      },
      run: null,
    }
    const at = (verb: 'read' | 'write' | 'delete', resource: string, herd = 'a') => ({
      herd,
      verb,
      resource,
    })
    const admin: AccessRule = { scope: 'herd', role: 'admin' }
    expect(allows(user, { scope: 'herd', role: 'viewer' }, at('read', 'runs/{runId}'))).toBe(true)
    expect(
      allows(user, { scope: 'herd', role: 'editor' }, at('write', 'runs/{runId}/cancel')),
    ).toBe(true)
    expect(allows(user, admin, at('read', 'runs/{runId}/logs'))).toBe(false)
    expect(allows(user, admin, at('write', 'runs'))).toBe(false)
    expect(allows(user, admin, at('read', 'tokens'))).toBe(false)
    expect(allows(user, admin, at('read', 'runs', 'b'))).toBe(false)
    expect(allows(user, { scope: 'instance', role: 'viewer' }, {})).toBe(false)
    expect(allows(user, { scope: 'herd', role: 'viewer' }, { herd: 'a' })).toBe(false)
  })
})
