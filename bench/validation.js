// Validation throughput: Runink's compiled validator vs ajv (on the exported JSON Schema) and
// zod (an equivalent hand-written schema), over the same 1M synthetic records, in one process.
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { z } from 'zod'
import { compileValidator, parseContract, toJsonSchema } from '@runink/contracts'
import { synthesize } from '@runink/synth'
import { perSecond, table, writeSection } from './lib/results.js'

const N = Number(process.env.BENCH_RECORDS ?? 1_000_000)

function zodSchema() {
  return z
    .object({
      trade_id: z.string().regex(/^T[0-9]{8}$/),
      account: z.string().min(3).max(12),
      symbol: z.enum(['AAPL', 'MSFT', 'GOOG', 'AMZN', 'NVDA', 'TSLA']),
      side: z.enum(['buy', 'sell']),
      quantity: z.number().int().min(1).max(1_000_000),
      price: z.number().min(0),
      currency: z.enum(['USD', 'EUR', 'GBP']),
      trader_email: z.string().email().optional(),
      venue: z.string().nullable().optional(),
      settled: z.boolean(),
    })
    .strict()
}

function time(label, records, fn) {
  for (let i = 0; i < Math.min(records.length, 50_000); i++) fn(records[i]) // warm up
  const start = process.hrtime.bigint()
  let valid = 0
  for (let i = 0; i < records.length; i++) if (fn(records[i])) valid++
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  return { label, seconds, rate: records.length / seconds, valid }
}

export async function run() {
  const text = readFileSync(new URL('./fixtures/trade.yaml', import.meta.url), 'utf8')
  const { contract, problems } = parseContract(text, 'bench/fixtures/trade.yaml')
  if (!contract) throw new Error(problems.map((p) => p.message).join('; '))
  console.log(`  synthesizing ${N} records…`)
  const records = [...synthesize(contract.model, { seed: 'bench', count: N })]
  const runink = compileValidator(contract.model, { mode: 'strict' })
  const ajv = new Ajv2020({ allErrors: true, strict: false })
  addFormats.default(ajv)
  const ajvValidate = ajv.compile(toJsonSchema(contract.model))
  const zod = zodSchema()
  const results = [
    time('Runink compiled validator', records, (r) => runink.validate(r).valid),
    time('ajv 2020 (allErrors, exported JSON Schema)', records, (r) => ajvValidate(r)),
    time('zod (equivalent schema)', records, (r) => zod.safeParse(r).success),
  ]
  for (const r of results) {
    if (r.valid !== N) console.warn(`  warning: ${r.label} accepted ${r.valid} of ${N}`)
    console.log(`  ${r.label}: ${perSecond(r.rate)}`)
  }
  const ours = results[0].rate
  writeSection(
    'validation',
    'Validation throughput (records/s, 10-field contract)',
    `${N.toLocaleString('en')} synthetic records (\`runi synth\`-style, all valid), one pass each after a warm-up.
Target (DESIGN §12): faster than ajv and zod.

${table(
  ['validator', 'records/s', 'accepted', 'Runink ÷ this'],
  results.map((r) => [r.label, perSecond(r.rate), String(r.valid), (ours / r.rate).toFixed(2)]),
)}`,
  )
}
