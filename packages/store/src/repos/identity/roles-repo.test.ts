import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '@runink/core'
import { barnFactories, type TestBarn } from '../../testing/barn-factories.js'

describe.each(barnFactories)('custom roles: $name', (factory) => {
  let t: TestBarn
  const clock = fixedClock(new Date('2026-05-01T08:00:00.000Z'))
  beforeAll(async () => {
    t = await factory.open({ clock })
    await t.barn.herds.ensure('finance')
    await t.barn.herds.ensure('ops')
  })
  afterAll(() => t.cleanup())

  it('defines a herd’s role, redefines it (audited each time), and gives it to members of that herd only', async () => {
    const made = await t.barn.roles.define(
      'finance',
      'run-reader',
      { allow: ['read:runs', 'read:runs/**'], deny: ['read:runs/*/logs'] },
      'alice',
    )
    expect(made).toMatchObject({
      herd: 'finance',
      name: 'run-reader',
      allow: ['read:runs', 'read:runs/**'],
      deny: ['read:runs/*/logs'],
      createdBy: 'alice',
    })
    clock.advance(1000)
    const again = await t.barn.roles.define('finance', 'run-reader', {
      allow: ['*:runs'],
      deny: [],
    })
    expect(again).toMatchObject({ allow: ['*:runs'], createdBy: 'alice', updatedBy: 'system' })
    expect(again.updatedAt).toEqual(clock.now())
    expect((await t.barn.roles.list('finance')).map((r) => r.name)).toEqual(['run-reader'])
    expect(await t.barn.roles.get('ops', 'run-reader')).toBeUndefined()
    expect((await t.barn.audit.query({ action: 'role.define' })).map((e) => e.actor)).toEqual([
      'alice',
      'system',
    ])

    const user = await t.barn.users.signIn({ issuer: 'i', subject: 'ada' })
    await t.barn.members.set('finance', user.id, 'run-reader')
    expect(await t.barn.members.rolesOf(user.id)).toEqual({
      instance: null,
      herds: {},
      custom: { finance: 'run-reader' },
    })
    const refused = { code: 'RUNINK_STORE_BAD_REF' }
    await expect(t.barn.members.set('ops', user.id, 'run-reader')).rejects.toMatchObject(refused)
    await expect(t.barn.members.set(null, user.id, 'run-reader')).rejects.toMatchObject(refused)
  })

  it('refuses bad names and permissions, and roles of unknown herds', async () => {
    const refused = { code: 'RUNINK_STORE_BAD_REF' }
    for (const name of ['admin', 'Readers', '', 'x'.repeat(64)])
      await expect(
        t.barn.roles.define('finance', name, { allow: [], deny: [] }),
      ).rejects.toMatchObject(refused)
    for (const rule of ['runs', 'read:', 'fly:runs', 'read:runs?x', 'read:RUNS'])
      await expect(
        t.barn.roles.define('finance', 'r', { allow: [rule], deny: [] }),
      ).rejects.toMatchObject(refused)
    await expect(
      t.barn.roles.define('nowhere', 'r', { allow: [], deny: [] }),
    ).rejects.toMatchObject({ code: 'RUNINK_STORE_NOT_FOUND' })
  })
})
