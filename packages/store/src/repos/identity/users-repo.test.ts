import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '@runink/core'
import { barnFactories, type TestBarn } from '../../testing/barn-factories.js'
import { userActor } from './users-repo.js'

describe.each(barnFactories)('users: $name', (factory) => {
  let t: TestBarn
  const clock = fixedClock(new Date('2026-05-01T08:00:00.000Z'))
  beforeAll(async () => {
    t = await factory.open({ clock })
  })
  afterAll(() => t.cleanup())

  it('makes a user at the first sign-in and refreshes what the provider says at the next ones', async () => {
    const first = await t.barn.users.signIn({
      issuer: 'https://id.example',
      subject: 'u-1',
      email: 'ada@example.com',
      displayName: 'Ada',
    })
    expect(first).toEqual({
      id: expect.any(String),
      issuer: 'https://id.example',
      subject: 'u-1',
      email: 'ada@example.com',
      displayName: 'Ada',
      createdAt: clock.now(),
      lastSeenAt: clock.now(),
    })
    clock.advance(60_000)
    const again = await t.barn.users.signIn({
      issuer: 'https://id.example',
      subject: 'u-1',
      email: 'ada@lovelace.example',
    })
    expect(again).toMatchObject({
      id: first.id,
      email: 'ada@lovelace.example',
      displayName: null,
      createdAt: first.createdAt,
      lastSeenAt: clock.now(),
    })
    // The same subject at another issuer is another person.
    const other = await t.barn.users.signIn({ issuer: 'https://other.example', subject: 'u-1' })
    expect(other.id).not.toBe(first.id)
    expect(await t.barn.users.get(first.id)).toEqual(again)
    expect((await t.barn.users.list([other.id])).map((u) => u.id)).toEqual([other.id])
    expect(await t.barn.users.list([])).toEqual([])
    const made = await t.barn.audit.query({ action: 'user.create' })
    expect(made.map((e) => e.actor)).toEqual([
      `user:ada@example.com@${first.id}`,
      `user:u-1@${other.id}`,
    ])
    expect(userActor(other)).toBe(`user:u-1@${other.id}`)
  })

  it('refuses identities without an issuer or subject, or with fields over their limits', async () => {
    for (const bad of [
      { issuer: '', subject: 's' },
      { issuer: 'i', subject: '' },
      { issuer: 'i', subject: 's'.repeat(256) },
      { issuer: 'i', subject: 's', email: 'e'.repeat(321) },
    ])
      await expect(t.barn.users.signIn(bad)).rejects.toMatchObject({
        code: 'RUNINK_STORE_BAD_REF',
      })
  })

  it('keeps who a user is: issuer, subject and id cannot change, and users are never deleted', async () => {
    const user = await t.barn.users.signIn({ issuer: 'https://id.example', subject: 'frozen' })
    await expect(
      t.barn.db.updateTable('users').set({ subject: 'else' }).where('id', '=', user.id).execute(),
    ).rejects.toThrow(/immutable/)
    await expect(t.barn.db.deleteFrom('users').where('id', '=', user.id).execute()).rejects.toThrow(
      /immutable/,
    )
  })
})
