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
