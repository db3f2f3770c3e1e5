import { describe, expect, it } from 'vitest'
import { identify, parseContract } from '@runink/contracts'
import type { RunnableStage, RunnableStep } from './runnable-stage.js'
import { sliceJobFor } from './slice-job-for.js'
import type { StageRunContext } from './stage-run-context.js'

const { contract } = parseContract(
  'contract: c\nversion: 1.0.0\nfields:\n  id: { type: string }\n',
  'c.yaml',
)
const C = identify(contract!.model)

function stage(steps: RunnableStep[]): RunnableStage {
  return {
    id: 's',
    name: 's',
    nodeHash: `sha256:${'0'.repeat(64)}`,
    dependsOn: [],
    sources: [],
    steps,
    sinks: [],
    contract: C,
    resources: {},
    retry: { attempts: 1, backoff: 'fixed', initialMs: 10, maxMs: 10 },
    cache: false,
    asserts: [],
    stepCodeHashes: {},
  }
}

// Only the fields sliceJobFor reads.
const ctx = {
  runId: 'r1',
  baseDir: '/p',
  maskKey: 'the-herd-key',
  params: {},
  stepBundles: new Map([['/p/steps/a.ts', '/staging/steps/a.mjs']]),
} as unknown as StageRunContext
const slice = { sources: [], sinkFormats: [], attempt: 1, index: 0, parts: 1 }

describe('sliceJobFor', () => {
  it('gives the herd mask key only to a stage with a mask step', () => {
    const mask: RunnableStep = { kind: 'builtin', name: 'mask', params: {} }
    const exec: RunnableStep = { kind: 'exec', name: 'x', command: 'cat', params: {} }
    expect(sliceJobFor(stage([mask, exec]), ctx, slice).maskKey).toBe('the-herd-key')
    expect(sliceJobFor(stage([exec]), ctx, slice).maskKey).toBe('')
    expect(JSON.stringify(sliceJobFor(stage([exec]), ctx, slice))).not.toContain('the-herd-key')
  })

  it('points module steps at their host-made bundle, exec steps at the project folder', () => {
    const job = sliceJobFor(
      stage([
        { kind: 'module', name: 'A', module: '/p/steps/a.ts', params: {} },
        { kind: 'exec', name: 'x', command: 'cat', params: {} },
      ]),
      ctx,
      slice,
    )
    expect(job.steps).toMatchObject([
      { kind: 'module', module: '/staging/steps/a.mjs' },
      { kind: 'exec', cwd: '/p' },
    ])
  })
})
