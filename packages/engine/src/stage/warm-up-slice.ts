import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fieldSpec, type Contract } from '@runink/contracts'
import { runSlice } from './run-slice.js'
import type { SliceJob } from './slice-job.js'

const CONTRACT: Contract = {
  contract: 'warm_up',
  version: '1.0.0',
  unknown_fields: 'reject',
  fields: {
    id: fieldSpec('string', { required: true, pattern: '^W[0-9]+$' }),
    n: fieldSpec('int', { required: true, min: 0 }),
    price: fieldSpec('float', { min: 0 }),
    amount: fieldSpec('decimal'),
    ok: fieldSpec('bool'),
    at: fieldSpec('timestamp'),
    day: fieldSpec('date'),
    side: fieldSpec('string', { enum: ['buy', 'sell'] }),
    email: fieldSpec('string', { format: 'email', pii: true, mask: 'hash' }),
    ssn: fieldSpec('string', { pii: true, mask: 'redact' }),
  },
}

function rows(n: number): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => ({
    id: i % 7 === 3 ? `bad${i}` : `W${i}`,
    n: i,
    price: i + 0.5,
    amount: `${i}.25`,
    ok: i % 2 === 0,
    at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
    day: '2024-01-02',
    side: i % 2 === 0 ? 'buy' : 'sell',
    email: `w${i}@example.com`,
    ssn: `000-00-${String(i).padStart(4, '0')}`,
  }))
}

/**
 * Runs a few small slices in this process (JSONL read strictly, CSV coerced, `mask` with hash
 * and redact, routing to a dead-letter sink, JSONL/CSV/JSON sinks) so that the code every slice
 * runs is compiled. The snapshot builder calls it: a slice started from the snapshot then skips
 * compiling that code (about 5 ms per slice). It draws no ids and no random numbers (`tokenize`
 * is left out): those must come fresh in every slice, never from build time.
 */
export async function warmUpSlice(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'runink-warm-up-'))
  try {
    const data = rows(40)
    const jsonl = path.join(dir, 'in.jsonl')
    await writeFile(jsonl, data.map((r) => JSON.stringify(r)).join('\n') + '\n')
    const csv = path.join(dir, 'in.csv')
    const names = Object.keys(CONTRACT.fields)
    await writeFile(
      csv,
      [names.join(','), ...data.map((r) => names.map((f) => String(r[f])).join(','))].join('\n'),
    )
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined }
    for (const [i, source] of [
      { uri: 'jsonl://in.jsonl', path: jsonl, format: 'jsonl', mode: 'strict' },
      { uri: 'csv://in.csv', path: csv, format: 'csv', mode: 'coerce' },
      { uri: 'jsonl://in.jsonl', path: jsonl, format: 'jsonl', mode: 'strict' },
    ].entries()) {
      const job: SliceJob = {
        runId: 'warm-up',
        stageId: 'warm-up',
        sliceIndex: 0,
        attempt: 1,
        sources: [source as SliceJob['sources'][number]],
        steps: i === 2 ? [] : [{ kind: 'builtin', name: 'mask', params: {} }],
        contract: CONTRACT,
        sinks: [
          { uri: 'jsonl://o.jsonl', stagingPath: path.join(dir, `o${i}.jsonl`), format: 'jsonl' },
          { uri: 'csv://o.csv', stagingPath: path.join(dir, `o${i}.csv`), format: 'csv' },
          { uri: 'json://o.json', stagingPath: path.join(dir, `o${i}.json`), format: 'json' },
          {
            uri: 'jsonl://dlq.jsonl',
            stagingPath: path.join(dir, `dlq${i}.jsonl`),
            format: 'jsonl',
            when: '!record.valid',
          },
        ],
        params: {},
        maskKey: 'warm-up-key',
      }
      await runSlice(job, { log })
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
