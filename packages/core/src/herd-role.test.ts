import { describe, expect, it } from 'vitest'
import { HerdRole, roleAllows } from './herd-role.js'

describe('herd roles', () => {
  it('order viewer < editor < admin, each allowing what the ones below it allow', () => {
    const roles = Object.values(HerdRole)
    expect(roles).toEqual(['viewer', 'editor', 'admin'])
    for (const [i, role] of roles.entries())
      for (const [j, needed] of roles.entries()) expect(roleAllows(role, needed)).toBe(i >= j)
  })
})
