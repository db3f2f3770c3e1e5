import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { contractSetOf } from '@runink/contracts'
import { testContract, testStage } from '@runink/engine/testing'
import { contractsOfPlan } from './contracts-of-plan.js'
import { runOnBarn } from './run-on-barn.js'
import { openBarnProject, type BarnProject } from './testing/barn-project.js'

const contract = (name: string, version: string) =>
  testContract(`
contract: ${name}
version: ${version}
fields:
  id: { type: string, required: true }
`)
const TRADE = contract('trade', '1.0.0')
const TRADE_2 = contract('trade', '2.0.0')
const UNUSED = contract('unused', '1.0.0')

describe('runOnBarn', () => {
  let project: BarnProject
  beforeEach(async () => {
    project = await openBarnProject('runink-run-on-barn-')
  })
  afterEach(() => project.close())

  it('records the contracts the plan pins in the run’s herd before it runs', async () => {
    const { dir, barn, runner } = project
    await writeFile(path.join(dir, 'in.csv'), 'id\nR1\n')
    // The plan pins trade@1.0.0 only: the set's other contracts are not the run's.
    const plan = { contracts: [{ name: 'trade', version: '1.0.0', hash: TRADE.hash }] }
    const contracts = contractsOfPlan(plan, contractSetOf([TRADE, TRADE_2, UNUSED]))
    expect(contracts).toEqual([TRADE])
    const result = await runOnBarn(barn, dir, {
      plan,
      planHash: 'sha256:' + 'c'.repeat(64),
      name: 'trades',
      herd: 'finance',
      contracts,
      stages: [
        testStage('ingest', TRADE, {
          sources: [{ uri: 'csv://in.csv' }],
          sinks: [{ uri: 'dataset://trades' }],
        }),
      ],
      baseDir: dir,
      runner,
      concurrency: 1,
      stagingDir: path.join(dir, '.runink-staging', 'run'),
      actor: 'alice',
    })
    expect(result.status).toBe('succeeded')
    const stored = await barn.contracts.get('finance', TRADE.hash)
    expect(stored).toMatchObject({ name: 'trade', version: '1.0.0', createdBy: 'alice' })
    expect(stored?.document).toEqual(TRADE.model)
    // What the dataset version says it was written under is that very document.
    const [version] = await barn.datasets.versions('trades', 'finance')
    expect(version?.contractHash).toBe(TRADE.hash)
    expect((await barn.contracts.list({ herd: 'finance' })).map((c) => c.name)).toEqual(['trade'])
    expect(await barn.contracts.get('default', TRADE.hash)).toBeUndefined()
  })
})

describe('contractsOfPlan', () => {
  it('picks no contract whose hash is not the one the plan pins', () => {
    const plan = { contracts: [{ name: 'trade', version: '1.0.0', hash: TRADE_2.hash }] }
    expect(contractsOfPlan(plan, contractSetOf([TRADE]))).toEqual([])
    expect(contractsOfPlan(plan, undefined)).toEqual([])
  })
})
