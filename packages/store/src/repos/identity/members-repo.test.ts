import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock, HerdRole } from '@runink/core'
import { barnFactories, type TestBarn } from '../../testing/barn-factories.js'

describe.each(barnFactories)('herd members: $name', (factory) => {
  let t: TestBarn
  const clock = fixedClock(new Date('2026-05-01T08:00:00.000Z'))
  let ada: string
  let bob: string
  beforeAll(async () => {
    t = await factory.open({ clock })
    await t.barn.herds.ensure('finance')
    await t.barn.herds.ensure('ops')
    ada = (await t.barn.users.signIn({ issuer: 'i', subject: 'ada' })).id
    bob = (await t.barn.users.signIn({ issuer: 'i', subject: 'bob' })).id
  })
  afterAll(() => t.cleanup())

  it('gives roles per herd and in every herd, audited, and tells a user its roles', async () => {
    const added = await t.barn.members.set('finance', ada, HerdRole.editor, 'token:boot@1')
    expect(added).toEqual({
      changed: true,
      member: {
        id: expect.any(String),
        herd: 'finance',
        userId: ada,
        role: 'editor',
        addedAt: clock.now(),
        addedBy: 'token:boot@1',
        removedAt: null,
        removedBy: null,
      },
    })
    expect(await t.barn.members.set('finance', ada, HerdRole.editor)).toEqual({
      ...added,
      changed: false,
    })
    await t.barn.members.set(null, ada, HerdRole.viewer, 'token:boot@1')
    await t.barn.members.set('ops', bob, HerdRole.admin)
    expect(await t.barn.members.rolesOf(ada)).toEqual({
      instance: 'viewer',
      herds: { finance: 'editor' },
      custom: {},
    })
    expect((await t.barn.members.list('finance')).map((m) => m.userId)).toEqual([ada])
    expect((await t.barn.members.list(null)).map((m) => m.userId)).toEqual([ada])
    const audit = await t.barn.audit.query({ action: 'member.add' })
    expect(audit.map((e) => [e.herd, e.actor, e.payload])).toEqual([
      ['finance', 'token:boot@1', { user: ada, herd: 'finance', role: 'editor' }],
      [null, 'token:boot@1', { user: ada, herd: null, role: 'viewer' }],
      ['ops', 'system', { user: bob, herd: 'ops', role: 'admin' }],
    ])
  })

  it('changes a role by closing the old membership, and removes one keeping its history', async () => {
    clock.advance(1_000)
    const changed = await t.barn.members.set('ops', bob, HerdRole.viewer, 'alice')
    expect(changed.member.role).toBe('viewer')
    expect((await t.barn.members.rolesOf(bob)).herds).toEqual({ ops: 'viewer' })
    clock.advance(1_000)
    const removed = await t.barn.members.remove('ops', bob, 'alice')
    expect(removed).toMatchObject({ role: 'viewer', removedAt: clock.now(), removedBy: 'alice' })
    expect(await t.barn.members.rolesOf(bob)).toEqual({ instance: null, herds: {}, custom: {} })
    expect(await t.barn.members.list('ops')).toEqual([])
    expect((await t.barn.members.history('ops')).map((m) => [m.role, m.removedBy])).toEqual([
      ['admin', 'alice'],
      ['viewer', 'alice'],
    ])
    expect((await t.barn.audit.query({ action: 'member.change' }))[0]?.payload).toEqual({
      user: bob,
      herd: 'ops',
      role: 'viewer',
      was: 'admin',
    })
    expect((await t.barn.audit.query({ action: 'member.remove' }))[0]).toMatchObject({
      actor: 'alice',
      herd: 'ops',
    })
    await expect(t.barn.members.remove('ops', bob)).rejects.toMatchObject({
      code: 'RUNINK_STORE_NOT_FOUND',
    })
  })

  it('refuses unknown users, herds and roles, and keeps closed memberships as they were', async () => {
    const notFound = { code: 'RUNINK_STORE_NOT_FOUND' }
    await expect(t.barn.members.set('finance', 'nobody', HerdRole.viewer)).rejects.toMatchObject(
      notFound,
    )
    await expect(t.barn.members.set('nowhere', ada, HerdRole.viewer)).rejects.toMatchObject(
      notFound,
    )
    await expect(t.barn.members.set('finance', ada, 'owner' as HerdRole)).rejects.toMatchObject({
      code: 'RUNINK_STORE_BAD_REF',
    })
    const closed = (await t.barn.members.history('ops'))[0]
    await expect(
      t.barn.db
        .updateTable('herd_members')
        .set({ removed_by: 'someone else' })
        .where('id', '=', closed?.id ?? '')
        .execute(),
    ).rejects.toThrow(/immutable/)
    await expect(t.barn.db.deleteFrom('herd_members').execute()).rejects.toThrow(/immutable/)
  })
})
