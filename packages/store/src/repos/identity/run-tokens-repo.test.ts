import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '@runink/core'
import { barnFactories, type TestBarn } from '../../testing/barn-factories.js'

describe.each(barnFactories)('run tokens and server keys: $name', (factory) => {
  let t: TestBarn
  const clock = fixedClock(new Date('2026-05-01T08:00:00.000Z'))
  beforeAll(async () => {
    t = await factory.open({ clock })
    await t.barn.herds.ensure('finance')
  })
  afterAll(() => t.cleanup())

  it('mints a token confined to one run, with its herd, until it expires or the run revokes it', async () => {
    const plan = await t.barn.plans.put({ p: 1 }, { name: 'p' })
    const { run } = await t.barn.runs.create({ planHash: plan.hash, herd: 'finance' })
    const { token, secret } = await t.barn.runTokens.mint(run.id, 60_000, 'token:ci@1')
    expect(secret).toMatch(/^rr_[\w-]{43}$/)
    expect(token).toEqual({
      id: expect.any(String),
      runId: run.id,
      herd: 'finance',
      createdAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + 60_000),
      revokedAt: null,
    })
    expect(await t.barn.runTokens.authenticate(secret)).toEqual(token)
    expect(await t.barn.runTokens.authenticate(`rk_${secret.slice(3)}`)).toBeUndefined()
    const audit = await t.barn.audit.query({ action: 'run_token.create' })
    expect(audit.map((e) => [e.actor, e.herd, e.resource])).toEqual([
      ['token:ci@1', 'finance', `run/${run.id}`],
    ])
    expect(JSON.stringify(audit)).not.toContain(secret.slice(3))
    const second = await t.barn.runTokens.mint(run.id, 600_000)
    expect(await t.barn.runTokens.revokeRun(run.id)).toBe(2)
    expect(await t.barn.runTokens.authenticate(second.secret)).toBeUndefined()
    const late = await t.barn.runTokens.mint(run.id, 1_000)
    clock.advance(1_000)
    expect(await t.barn.runTokens.authenticate(late.secret)).toBeUndefined()
    await expect(t.barn.runTokens.mint('no-run', 1000)).rejects.toMatchObject({
      code: 'RUNINK_STORE_NOT_FOUND',
    })
  })

  it('makes server key material once and returns the same to every later ask', async () => {
    let made = 0
    const make = async () => ({ n: ++made })
    expect(await t.barn.serverKeys.ensure('jwt-signing', make)).toEqual({ n: 1 })
    expect(await t.barn.serverKeys.ensure('jwt-signing', make)).toEqual({ n: 1 })
    expect(made).toBe(1)
    await t.reopen({ clock })
    expect(await t.barn.serverKeys.ensure('jwt-signing', make)).toEqual({ n: 1 })
    await expect(t.barn.db.deleteFrom('server_keys').execute()).rejects.toThrow(/immutable/)
  })
})
