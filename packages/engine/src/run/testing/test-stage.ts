import type { LoadedContract } from '@runink/contracts'
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
