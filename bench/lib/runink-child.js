// Child process: Runink's in-process stage runtime over a CSV — coerce-validate, mask, JSONL —
// exactly as a slice runs it. Usage: node runink-child.js <csv> <out.jsonl> <contract.yaml>
import { readFileSync } from 'node:fs'
import { parseContract } from '@runink/contracts'
import { runSlice } from '@runink/engine'
import { report } from './child-stats.js'

const [csv, out, contractPath] = process.argv.slice(2)
const { contract, problems } = parseContract(readFileSync(contractPath, 'utf8'), contractPath)
if (!contract) throw new Error(problems.map((p) => p.message).join('; '))
const log = { info: () => undefined, warn: console.error, error: console.error }
const result = await runSlice(
  {
    runId: 'bench',
    stageId: 'throughput',
    sliceIndex: 0,
    attempt: 1,
    sources: [{ uri: `csv://${csv}`, path: csv, format: 'csv', mode: 'coerce' }],
    steps: [{ kind: 'builtin', name: 'mask', params: {} }],
    contract: contract.model,
    sinks: [
      { uri: `jsonl://${out}`, stagingPath: out, format: 'jsonl' },
      {
        uri: `jsonl://${out}.dlq`,
        stagingPath: `${out}.dlq`,
        format: 'jsonl',
        when: '!record.valid',
      },
    ],
    params: {},
    maskKey: 'bench-herd-key',
  },
  { log },
)
report({ recordsIn: result.recordsIn, records: result.sinks[0].records, invalid: result.invalid })
