import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..')
const EXAMPLES = ['trades/trades.dsl', 'orders/orders.dsl', 'sensors/sensors.dsl']

describe('the examples', () => {
  it.each(EXAMPLES)('%s checks clean', async (file) => {
    const r = await runCli(ROOT, 'check', `examples/${file}`, '--strict')
    expect(r.stdout).toContain('ok, 0 warning(s)')
    expect(r.code).toBe(0)
  })
})

describe('runi compile', () => {
  it('prints the same plan hash for the same file, as text and JSON', async () => {
    const a = await runCli(ROOT, 'compile', 'examples/trades/trades.dsl')
    const b = await runCli(ROOT, 'compile', 'examples/trades/trades.dsl', '--json')
    expect(a.code).toBe(0)
    expect(a.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/)
    const json = JSON.parse(b.stdout) as { planHash: string; stages: string[] }
    expect(json.planHash).toBe(a.stdout.trim())
    expect(json.stages).toEqual([
      'bronze-ingest-trades',
      'silver-validate-and-mask',
      'gold-daily-positions',
    ])
  })
  it('explains a pipeline and refuses to run a broken one with exit 2', async () => {
    const e = await runCli(ROOT, 'explain', 'examples/trades/trades.dsl')
    expect(e.stdout).toContain('invalid records → jsonl://out/dlq/bronze_trades.jsonl')
    const missing = await runCli(ROOT, 'run', 'examples/nope.dsl')
    expect(missing.code).toBe(2)
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
  })
})
