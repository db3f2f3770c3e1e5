import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { barnFactories, type TestBarn } from '../../testing/barn-factories.js'

describe.each(barnFactories)('herd egress grants: $name', (factory) => {
  let t: TestBarn
  beforeAll(async () => {
    t = await factory.open()
  })
  afterAll(() => t.cleanup())

  it('grants, lists and revokes egress per step, once each, with audit rows', async () => {
    expect(await t.barn.herds.egressGrants('finance')).toEqual([])
    const grant = await t.barn.herds.grantEgress('finance', 'FetchRates', 'alice')
    expect(grant).toMatchObject({ herd: 'finance', step: 'FetchRates', grantedBy: 'alice' })
    // Granting again keeps the first grant and writes no second audit row.
    await t.barn.herds.grantEgress('finance', 'FetchRates', 'bob')
    await t.barn.herds.grantEgress('finance', 'python3 steps/fetch.py')
    expect((await t.barn.herds.egressGrants('finance')).map((g) => [g.step, g.grantedBy])).toEqual([
      ['FetchRates', 'alice'],
      ['python3 steps/fetch.py', 'system'],
    ])
    expect(await t.barn.herds.egressGrants('default')).toEqual([])
    expect((await t.barn.herds.list()).map((h) => h.name)).toContain('finance')

    expect(await t.barn.herds.revokeEgress('finance', 'FetchRates', 'carol')).toBe(true)
    expect(await t.barn.herds.revokeEgress('finance', 'FetchRates')).toBe(false)
    expect((await t.barn.herds.egressGrants('finance')).map((g) => g.step)).toEqual([
      'python3 steps/fetch.py',
    ])
    const audit = await t.barn.audit.query({ herd: 'finance' })
    const egress = audit.filter((a) => a.action.startsWith('herd.egress.'))
    expect(egress.map((a) => [a.action, a.actor, a.resource])).toEqual([
      ['herd.egress.grant', 'alice', 'herd/finance/egress/FetchRates'],
      ['herd.egress.grant', 'system', 'herd/finance/egress/python3 steps/fetch.py'],
      ['herd.egress.revoke', 'carol', 'herd/finance/egress/FetchRates'],
    ])
    expect((await t.barn.audit.verify()).ok).toBe(true)
  })

  it('refuses empty or padded step names and bad herd names', async () => {
    await expect(t.barn.herds.grantEgress('finance', ' ')).rejects.toMatchObject({
      code: 'RUNINK_STORE_BAD_REF',
    })
    await expect(t.barn.herds.grantEgress('finance', ' Fetch')).rejects.toMatchObject({
      code: 'RUNINK_STORE_BAD_REF',
    })
    await expect(t.barn.herds.grantEgress('Bad Herd', 'Fetch')).rejects.toMatchObject({
      code: 'RUNINK_STORE_BAD_REF',
    })
  })
})

describe.each(barnFactories)('herd path grants: $name', (factory) => {
  let t: TestBarn
  beforeAll(async () => {
    t = await factory.open()
  })
  afterAll(() => t.cleanup())

  it('allows, lists, updates and revokes outside folders, with audit rows', async () => {
    expect(await t.barn.herds.pathGrants('finance')).toEqual([])
    const grant = await t.barn.herds.allowPath('finance', '/srv/exports', { actor: 'alice' })
    expect(grant).toMatchObject({ herd: 'finance', folder: '/srv/exports', writable: false })
    await t.barn.herds.allowPath('finance', '/srv/exports', { actor: 'bob' })
    await t.barn.herds.allowPath('finance', '/srv/drop', { writable: true })
    await t.barn.herds.allowPath('finance', '/srv/exports', { writable: true, actor: 'dan' })
    expect(
      (await t.barn.herds.pathGrants('finance')).map((g) => [g.folder, g.writable, g.grantedBy]),
    ).toEqual([
      ['/srv/drop', true, 'system'],
      ['/srv/exports', true, 'dan'],
    ])
    expect(await t.barn.herds.pathGrants('default')).toEqual([])
    expect(await t.barn.herds.revokePath('finance', '/srv/exports', 'carol')).toBe(true)
    expect(await t.barn.herds.revokePath('finance', '/srv/exports')).toBe(false)
    expect((await t.barn.herds.pathGrants('finance')).map((g) => g.folder)).toEqual(['/srv/drop'])
    const audit = await t.barn.audit.query({ herd: 'finance' })
    const paths = audit.filter((a) => a.action.startsWith('herd.path.'))
    expect(paths.map((a) => [a.action, a.actor, a.resource])).toEqual([
      ['herd.path.allow', 'alice', 'herd/finance/path/srv/exports'],
      ['herd.path.allow', 'system', 'herd/finance/path/srv/drop'],
      ['herd.path.allow', 'dan', 'herd/finance/path/srv/exports'],
      ['herd.path.revoke', 'carol', 'herd/finance/path/srv/exports'],
    ])
    expect((await t.barn.audit.verify()).ok).toBe(true)
  })

  it('refuses relative, unnormalised and root folders', async () => {
    for (const folder of ['srv/x', '/srv/../etc', '/srv/x/', '/', ''])
      await expect(t.barn.herds.allowPath('finance', folder)).rejects.toMatchObject({
        code: 'RUNINK_STORE_BAD_REF',
      })
  })
})
