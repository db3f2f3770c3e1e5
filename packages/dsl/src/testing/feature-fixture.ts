import type { SourceFs } from '@runink/core'
import { compileFeature, type CompileOptions, type CompileResult } from '../compile-feature.js'
import { memorySourceFs } from '../memory-source-fs.js'
import type { Diagnostic } from '../diagnostics/diagnostic.js'

/** Contracts, a step module and a feature file exercising most of the language. */
export const PROJECT: Readonly<Record<string, string>> = {
  '/p/contracts/trade_raw.yaml': `contract: trade_raw
version: 1.0.0
fields:
  id: { type: string, required: true }
  price: { type: string, required: true }
`,
  '/p/contracts/trade.yaml': `contract: trade
version: 1.0.0
unknown_fields: reject
fields:
  id: { type: string, required: true }
  price: { type: decimal, required: true }
  qty: { type: int }
  legs: { type: array, items: { type: object, fields: { qty: { type: int } } } }
`,
  '/p/contracts/trade_validated.yaml': `contract: trade_validated
version: 1.2.0
unknown_fields: reject
fields:
  id: { type: string, required: true }
  price: { type: decimal, required: true }
  qty: { type: int }
  legs: { type: array, items: { type: object, fields: { qty: { type: int } } } }
  status: { type: string, enum: [ok, late] }
`,
  '/p/steps/trades.ts': `import { defineStep } from '@runink/engine'

export const Decode = defineStep({ in: 'trade_raw', out: 'trade', map: (r) => ({ ...r, price: Number(r.price) }) })
export const Enrich = defineStep({
  in: 'trade' as const,
  out: 'trade_validated',
  map(record: Record<string, unknown>) { return { ...record, status: 'ok' } },
})
const hidden = defineStep({ map: (r) => r })
export { hidden as Passthrough }
export const notAStep = 42
`,
}

/** A valid feature file over {@link PROJECT}. */
export const GOOD_DSL = `# Trades, end to end.
@feature(name="Trades", herd="finance", version="1.0.0")
@contract(path="contracts/")
@steps(path="steps/trades.ts")

Feature: Trades
  Ingest and validate trades.

---

Scenario: Bronze
  @module(layer="bronze")
  @source("csv://data/trades.csv" @meta(vendor="acme"))
  @step("Decode")
  @sink("dataset://bronze.trades")
  @sink("jsonl://out/dlq/bronze.jsonl" when "!record.valid")
  Given the contract: trade
  When raw trades arrive

Scenario: Silver
  @source("dataset://bronze.trades")
  @step("filter", "record.price > 0.0")
  @step("Enrich")
  @step("mask")
  @sink("dataset://silver.trades")
  @sink("jsonl://out/silver/ops.jsonl" with "role=ops")
  @sink("jsonl://out/dlq/silver.jsonl" when "!record.valid")
  @requires(cpu="500m", memory="256Mi", gpu=1, timeout="5m")
  @retry(attempts=3, backoff="exponential", initial="1s", max="30s")
  @assert("invalid.ratio < 0.05 && records.out > 0")
  @emits("trades.silver")
  @affinity(label="ssd", colocate_with="Bronze")
  Given the contract: trade_validated
  Then they are enriched
`

/** The diagnostics besides the `RUNINK_DSL_NOT_ENFORCED` warnings GOOD_DSL draws by design. */
export const besidesNotEnforced = (ds: readonly Diagnostic[]): Diagnostic[] =>
  ds.filter((d) => d.code !== 'RUNINK_DSL_NOT_ENFORCED')

/** Compiles `dsl` as `/p/f.dsl` in {@link PROJECT} plus `extra` files. */
export function compileFixture(
  dsl: string,
  extra: Readonly<Record<string, string>> = {},
  options: CompileOptions = {},
): Promise<CompileResult> {
  return compileFeature('/p/f.dsl', fixtureFs(dsl, extra), options)
}

/** The in-memory file tree of the fixture project with `dsl` as `/p/f.dsl`. */
export function fixtureFs(dsl: string, extra: Readonly<Record<string, string>> = {}): SourceFs {
  return memorySourceFs({ ...PROJECT, '/p/f.dsl': dsl, ...extra })
}
