import { describe, expect, it } from 'vitest'
import { allows, type AccessRule } from './access-rule.js'
import type { Principal } from './principal.js'

const token = (herd: string | null, role: Principal['role']): Principal => ({
  kind: 'token',
  id: 't',
  name: 'n',
  herd,
  role,
})

describe('allows', () => {
  it('lets public routes through and keeps signed-in ones to valid tokens', () => {
    expect(allows(undefined, { scope: 'public' }, undefined)).toBe(true)
    expect(allows(undefined, { scope: 'signed-in' }, undefined)).toBe(false)
    expect(allows(token('a', 'viewer'), { scope: 'signed-in' }, undefined)).toBe(true)
  })

  it('gives instance routes only to tokens of every herd with the role', () => {
    const admin: AccessRule = { scope: 'instance', role: 'admin' }
    expect(allows(token(null, 'admin'), admin, undefined)).toBe(true)
    expect(allows(token(null, 'editor'), admin, undefined)).toBe(false)
    // A herd's admin is not an instance admin.
    expect(allows(token('a', 'admin'), admin, undefined)).toBe(false)
  })

  it('gives herd routes to the herd’s own tokens and instance tokens with the role, never another herd’s', () => {
    const edit: AccessRule = { scope: 'herd', role: 'editor' }
    expect(allows(token('a', 'editor'), edit, 'a')).toBe(true)
    expect(allows(token('a', 'admin'), edit, 'a')).toBe(true)
    expect(allows(token('a', 'viewer'), edit, 'a')).toBe(false)
    expect(allows(token('a', 'admin'), edit, 'b')).toBe(false)
    expect(allows(token(null, 'editor'), edit, 'b')).toBe(true)
    expect(allows(token('a', 'admin'), edit, undefined)).toBe(false)
  })
})
