import { describe, expect, it } from 'vitest'
import { compileFixture, GOOD_DSL } from './testing/feature-fixture.js'
import { explainPlan } from './present/explain-plan.js'
import { planToDot } from './present/plan-to-dot.js'
import { planToMermaid } from './present/plan-to-mermaid.js'

describe('compileFeature', () => {
  it('compiles a good feature into a plan with every stage option', async () => {
    const r = await compileFixture(GOOD_DSL)
    // Only what the engine does not execute yet: gpu, @emits and @affinity of Silver.
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.message.split(':')[0]])).toEqual([
      ['RUNINK_DSL_NOT_ENFORCED', 'warning', 'gpu in @requires is not enforced'],
      ['RUNINK_DSL_NOT_ENFORCED', 'warning', '@emits is not enforced'],
      ['RUNINK_DSL_NOT_ENFORCED', 'warning', '@affinity is not enforced'],
    ])
    const plan = r.plan
    expect(plan).toBeDefined()
    if (plan === undefined) return
    expect(plan.feature).toEqual({ name: 'Trades', herd: 'finance', version: '1.0.0' })
    expect(plan.stages.map((s) => s.id)).toEqual(['bronze', 'silver'])
    expect(plan.edges).toEqual([
      { from: 'bronze', to: 'silver', kind: 'data', via: 'dataset://bronze.trades' },
    ])
    const [bronze, silver] = plan.stages
    expect(bronze?.sources[0]).toMatchObject({
      scheme: 'csv',
      location: 'data/trades.csv',
      mode: 'coerce',
      meta: { vendor: 'acme' },
    })
    expect(bronze?.steps[0]).toMatchObject({
      kind: 'module',
      name: 'Decode',
      module: 'steps/trades.ts',
      in: { name: 'trade_raw' },
      out: { name: 'trade' },
    })
    expect(bronze?.module).toEqual({ layer: 'bronze' })
    expect(silver?.sources[0]).toMatchObject({ fromStage: 'bronze', mode: 'strict' })
    expect(silver?.steps.map((s) => s.name)).toEqual(['filter', 'Enrich', 'mask'])
    expect(silver?.steps[0]?.params).toEqual({ condition: 'record.price > 0.0' })
    expect(silver?.resources).toEqual({
      cpuMillis: 500,
      memoryBytes: 256 * 2 ** 20,
      gpu: 1,
      timeoutMs: 300_000,
    })
    expect(silver?.retry).toEqual({
      attempts: 3,
      backoff: 'exponential',
      initialMs: 1000,
      maxMs: 30_000,
    })
    expect(silver?.asserts).toEqual(['invalid.ratio < 0.05 && records.out > 0'])
    expect(silver?.sinks.map((s) => [s.uri, s.when, s.role, s.acceptsInvalid])).toEqual([
      ['dataset://silver.trades', undefined, undefined, false],
      ['jsonl://out/silver/ops.jsonl', undefined, 'ops', false],
      ['jsonl://out/dlq/silver.jsonl', '!record.valid', undefined, true],
    ])
    expect(silver?.invalid).toBe('routed')
    expect(silver?.emits).toEqual(['trades.silver'])
    expect(silver?.affinity).toEqual({ labels: { ssd: 'true' }, colocateWith: ['bronze'] })
    expect(silver?.contract).toMatchObject({ name: 'trade_validated', version: '1.2.0' })
    expect(silver?.hash).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(plan.modules).toEqual([
      {
        path: 'steps/trades.ts',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        steps: ['Decode', 'Enrich', 'Passthrough'],
      },
    ])
    expect(plan.contracts.map((c) => `${c.name}@${c.version}`)).toEqual([
      'trade@1.0.0',
      'trade_raw@1.0.0',
      'trade_validated@1.2.0',
    ])
    expect(r.planHash).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(r.display?.stages.silver?.narrative).toEqual([
      { keyword: 'Then', text: 'they are enriched' },
    ])
    expect(r.display?.feature.description).toEqual(['Ingest and validate trades.'])
  })

  it('carries windows, partitions, herds, @after, @auto, @golden, @cache and exec steps', async () => {
    const dsl = GOOD_DSL.replace(
      '@step("mask")',
      '@step("mask")\n  @auto("flag late trades")\n  @step(exec="python3 steps/score.py", threshold=0.5)',
    )
      .replace(
        '@emits("trades.silver")',
        '@partition(by="id", n=4)\n  @herd("risk")\n  @golden("golden/silver")\n  @cache(false)',
      )
      .replace(
        '@source("dataset://bronze.trades")',
        '@source("dataset://bronze.trades" @window(sliding:10m, every:2m))',
      )
      .replace(
        'Given the contract: trade_validated',
        '@after("Bronze")\n  Given the contract: trade_validated',
      )
      .replace(
        '@step("Enrich")',
        '@step("Enrich")\n  @step("derive", big="record.price > 100.0")\n  @step("select", fields="id,price,qty,legs,status,big")',
      )
    const r = await compileFixture(dsl)
    const silver = r.plan?.stages[1]
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(silver?.sources[0]?.window).toEqual({
      kind: 'sliding',
      sizeMs: 600_000,
      everyMs: 120_000,
    })
    expect(silver?.parallelism).toEqual({ n: 4, by: 'id' })
    expect(silver?.herd).toBe('risk')
    expect(silver?.golden).toBe('golden/silver')
    expect(silver?.cache).toBe(false)
    expect(silver?.after).toEqual(['bronze'])
    expect(silver?.auto).toEqual([{ prompt: 'flag late trades', position: 5 }])
    expect(silver?.steps.at(-1)).toMatchObject({
      kind: 'exec',
      command: 'python3 steps/score.py',
      params: { threshold: 0.5 },
    })
    expect(r.plan?.edges.map((e) => e.kind)).toEqual(['after', 'data'])
  })

  it('explains the plan and draws it', async () => {
    const r = await compileFixture(GOOD_DSL)
    if (r.plan === undefined) throw new Error('no plan')
    const text = explainPlan(r.plan, r.display)
    expect(text).toContain('1. Bronze')
    expect(text).toContain(
      'reads   dataset://bronze.trades  (written by bronze, strict validation)',
    )
    expect(text).toContain('invalid records → jsonl://out/dlq/silver.jsonl')
    expect(text).toContain(
      'resources cpu 500m, memory 256Mi, gpu 1 (not enforced: slices get no GPU and the request is not checked), timeout 5m',
    )
    expect(text).toContain('emits   trades.silver  (not enforced: no event bus yet')
    expect(text).toContain('placed  ssd=true, next to bronze  (not enforced: no scheduler')
    expect(text).toContain('retry   3 attempts, exponential backoff from 1s up to 30s')
    expect(text).toContain('asserts invalid.ratio < 0.05 && records.out > 0')
    expect(planToDot(r.plan)).toContain('"bronze" -> "silver" [label="dataset://bronze.trades"];')
    expect(planToMermaid(r.plan)).toContain('s_bronze -->|"dataset://bronze.trades"| s_silver')
  })
})
