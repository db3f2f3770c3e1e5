import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { defineContract, field, type LoadedContract } from '@runink/contracts'
import { fixedClock } from '@runink/core'
import { barnFactories, type TestBarn } from '../../testing/barn-factories.js'

/** A contract `name@version`; `extra` adds a field, so one version can have two documents. */
const contract = (name: string, version: string, extra?: string): LoadedContract =>
  defineContract({
    contract: name,
    version,
    fields: {
      // Declared out of alphabetical order: the stored document keeps this order.
      zeta: field.string({ required: true }),
      alpha: field.int(),
      ...(extra ? { [extra]: field.bool() } : {}),
    },
  })

describe.each(barnFactories)('contracts: $name', (factory) => {
  let t: TestBarn
  const clock = fixedClock(new Date('2026-05-01T10:00:00.000Z'))
  beforeAll(async () => {
    t = await factory.open({ clock })
    await t.barn.herds.ensure('finance')
    await t.barn.herds.ensure('ops')
  })
  afterAll(() => t.cleanup())

  it('keeps a contract by the hash `runi contract hash` gives it; the same hash again is a no-op', async () => {
    const trade = contract('trade', '1.0.0')
    const first = await t.barn.contracts.register('finance', trade.model, 'alice')
    expect(first).toEqual({
      created: true,
      contract: {
        herd: 'finance',
        hash: trade.hash,
        name: 'trade',
        version: '1.0.0',
        document: trade.model,
        createdAt: clock.now(),
        createdBy: 'alice',
      },
    })
    expect(Object.keys(first.contract.document.fields)).toEqual(['zeta', 'alpha'])
    const again = await t.barn.contracts.register('finance', trade.model, 'bob')
    expect(again).toEqual({ created: false, contract: first.contract })
    expect(await t.barn.contracts.get('finance', trade.hash)).toEqual(first.contract)
    const audited = await t.barn.audit.query({ action: 'contract.register', herd: 'finance' })
    expect(audited.map((e) => [e.resource, e.actor])).toEqual([
      [`contract/finance/${trade.hash}`, 'alice'],
    ])
    expect(audited[0]?.payload).toEqual({ name: 'trade', version: '1.0.0', hash: trade.hash })
  })

  it('keeps herds apart: a contract another herd registered is not this herd’s', async () => {
    const order = contract('order', '1.0.0')
    await t.barn.contracts.register('ops', order.model)
    expect(await t.barn.contracts.get('finance', order.hash)).toBeUndefined()
    expect(await t.barn.contracts.versions('finance', 'order')).toEqual([])
    expect((await t.barn.contracts.get('ops', order.hash))?.herd).toBe('ops')
    // The same document in another herd is that herd's own row, audited there.
    expect((await t.barn.contracts.register('finance', order.model)).created).toBe(true)
    await expect(t.barn.contracts.register('nowhere', order.model)).rejects.toMatchObject({
      code: 'RUNINK_STORE_NOT_FOUND',
    })
  })

  it('lists versions by semantic version, and names with their highest version a page at a time', async () => {
    for (const [v, extra] of [
      ['1.10.0', undefined],
      ['1.2.0', undefined],
      ['2.0.0-rc.1', undefined],
      ['1.2.0', 'edited'],
    ] as const)
      await t.barn.contracts.register('ops', contract('ledger', v, extra).model)
    const versions = await t.barn.contracts.versions('ops', 'ledger')
    expect(versions.map((c) => c.version)).toEqual(['2.0.0-rc.1', '1.10.0', '1.2.0', '1.2.0'])
    expect(versions.map((c) => c.hash)).toContain(contract('ledger', '1.2.0', 'edited').hash)
    await t.barn.contracts.register('ops', contract('audit', '0.1.0').model)
    const all = await t.barn.contracts.list({ herd: 'ops' })
    expect(all.map((n) => [n.name, n.latest.version, n.versions])).toEqual([
      ['audit', '0.1.0', 1],
      ['ledger', '2.0.0-rc.1', 4],
      ['order', '1.0.0', 1],
    ])
    const first = await t.barn.contracts.list({ herd: 'ops', limit: 2 })
    expect(first.map((n) => n.name)).toEqual(['audit', 'ledger'])
    const next = await t.barn.contracts.list({ herd: 'ops', limit: 2, after: 'ledger' })
    expect(next.map((n) => n.name)).toEqual(['order'])
    expect(await t.barn.contracts.list({ herd: 'ops', after: 'order' })).toEqual([])
  })

  it('never changes or removes a registered contract', async () => {
    const { hash } = contract('trade', '1.0.0')
    await expect(
      t.barn.db
        .updateTable('contracts')
        .set({ version: '9.9.9' })
        .where('hash', '=', hash)
        .execute(),
    ).rejects.toThrow()
    await expect(
      t.barn.db.deleteFrom('contracts').where('hash', '=', hash).execute(),
    ).rejects.toThrow()
    expect((await t.barn.contracts.get('finance', hash))?.version).toBe('1.0.0')
  })
})
