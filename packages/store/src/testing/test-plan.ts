import { hashOf } from '@runink/core'
import type { PlanMessage } from '@runink/protocol'

/** A small well-formed plan (protocol's planSchema, `format: 1`) of one stage, for tests. */
export function testPlan(name = 'test'): PlanMessage {
  const contract = { name: 'record', version: '1.0.0', hash: hashOf({ contract: 'record' }) }
  return {
    format: 1,
    feature: { name, herd: 'default', version: '0.0.0' },
    stages: [
      {
        id: 'bronze',
        name: 'Bronze',
        hash: hashOf({ stage: name }),
        herd: 'default',
        contract,
        sources: [
          { uri: 'csv://in.csv', scheme: 'csv', location: 'in.csv', mode: 'coerce', meta: {} },
        ],
        steps: [{ kind: 'builtin', name: 'validate', params: {} }],
        sinks: [
          { uri: 'dataset://out', scheme: 'dataset', location: 'out', acceptsInvalid: false },
        ],
        invalid: 'fail',
        asserts: [],
        resources: {},
        retry: { attempts: 1, backoff: 'fixed', initialMs: 0, maxMs: 0 },
        cache: true,
        parallelism: { n: 1 },
        emits: [],
        affinity: { labels: {}, colocateWith: [] },
        after: [],
        auto: [],
        module: {},
      },
    ],
    edges: [],
    modules: [],
    contracts: [contract],
  }
}
