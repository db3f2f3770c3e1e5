import { identify, parseContract, type LoadedContract } from '@runink/contracts'
import type { RunnableStage } from '../runnable-stage.js'

/**
 * A stage for tests that run pipelines: no sources, steps or sinks until `over` gives them, a
 * one-minute timeout, one attempt.
 */
export function testStage(
  id: string,
  contract: LoadedContract,
  over: Partial<RunnableStage> = {},
): RunnableStage {
  return {
    id,
    name: id,
    nodeHash: `sha256:${id.padEnd(64, '0')}`,
    dependsOn: [],
    sources: [],
    steps: [],
    sinks: [],
    contract,
    resources: { timeoutMs: 60_000 },
    retry: { attempts: 1, backoff: 'fixed', initialMs: 10, maxMs: 10 },
    cache: true,
    asserts: [],
    stepCodeHashes: {},
    ...over,
  }
}

/** A contract for tests, from its YAML text; throws on a problem. */
export function testContract(text: string): LoadedContract {
  const { contract, problems } = parseContract(text, 'c.yaml')
  if (!contract) throw new Error(problems.map((p) => p.message).join('; '))
  return identify(contract.model)
}
