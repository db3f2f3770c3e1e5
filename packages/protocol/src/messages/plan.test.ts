import { describe, expect, it } from 'vitest'
import { parseMessage } from './parse-message.js'
import { planSchema } from './plan.js'

const hash = `sha256:${'a'.repeat(64)}`
const contract = { name: 'trade', version: '1.0.0', hash }
const stage = {
  id: 'bronze',
  name: 'Bronze',
  hash,
  herd: 'default',
  contract,
  sources: [{ uri: 'csv://in.csv', scheme: 'csv', location: 'in.csv', mode: 'coerce', meta: {} }],
  steps: [
    { kind: 'builtin', name: 'filter', params: { condition: 'record.price > 0.0' } },
    { kind: 'builtin', name: 'validate', params: {} },
    { kind: 'exec', name: 'up', params: { n: 1, tags: ['a'] }, command: 'tr a-z A-Z' },
  ],
  sinks: [{ uri: 'dataset://t', scheme: 'dataset', location: 't', acceptsInvalid: false }],
  invalid: 'fail',
  asserts: ['invalid.ratio < 0.1'],
  resources: { cpuMillis: 500 },
  retry: { attempts: 3, backoff: 'exponential', initialMs: 100, maxMs: 1000 },
  cache: true,
  parallelism: { n: 1 },
  emits: [],
  affinity: { labels: {}, colocateWith: [] },
  after: [],
  auto: [],
  module: {},
}
const plan = {
  format: 1,
  feature: { name: 'trades', herd: 'default', version: '0.0.0' },
  stages: [stage],
  edges: [],
  modules: [],
  contracts: [contract],
}

describe('planSchema', () => {
  it('takes a plan as dsl builds it', () => {
    expect(parseMessage(planSchema, plan, 'plan')).toEqual({ ok: true, value: plan })
  })

  it.each([
    [{ ...plan, format: 2 }, 'format', 'expected format 1'],
    [{ ...plan, version: 1, format: undefined }, 'format', 'expected format 1'],
    [
      { ...plan, stages: [{ ...stage, steps: [{ kind: 'python', name: 'x', params: {} }] }] },
      'stages[0].steps[0].kind',
      'expected a step of kind builtin, module or exec',
    ],
    [
      {
        ...plan,
        stages: [{ ...stage, steps: [{ kind: 'builtin', name: 'explode', params: {} }] }],
      },
      'stages[0].steps[0].name',
      'expected a built-in step validate, mask, select, rename, cast, derive, filter, dedupe, sql or quality',
    ],
    [
      {
        ...plan,
        stages: [{ ...stage, steps: [{ kind: 'builtin', name: 'filter', params: { expr: 'x' } }] }],
      },
      'stages[0].steps[0].params.condition',
      'expected a string',
    ],
    [{ ...plan, stages: [{ ...stage, id: undefined }] }, 'stages[0].id', 'expected a string'],
    [
      { ...plan, stages: [{ ...stage, retry: { ...stage.retry, attempts: '3' } }] },
      'stages[0].retry.attempts',
      'expected a non-negative integer',
    ],
    [
      { ...plan, stages: [{ ...stage, retry: { ...stage.retry, attempts: 0 } }] },
      'stages[0].retry.attempts',
      'expected at least 1',
    ],
    [
      { ...plan, stages: [{ ...stage, retry: { ...stage.retry, backoff: 'linear' } }] },
      'stages[0].retry.backoff',
      'expected one of fixed, exponential',
    ],
    [
      { ...plan, stages: [{ ...stage, hash: 'abc' }] },
      'stages[0].hash',
      'expected sha256:<64 hex digits>',
    ],
    [
      { ...plan, contracts: Array(10_001).fill(contract) },
      'contracts',
      'expected at most 10000 items',
    ],
  ])('refuses %# naming the field', (value, field, problem) => {
    expect(parseMessage(planSchema, value, 'stored plan')).toMatchObject({
      ok: false,
      error: {
        code: 'RUNINK_PROTOCOL_MALFORMED',
        details: { where: 'stored plan', field, problem },
      },
    })
  })
})
