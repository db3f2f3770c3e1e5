import { chmodSync, readdirSync, statSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { identify, parseContract } from '@runink/contracts'
import { loadMaskKey } from './mask-key.js'
import { runPipeline } from './run-pipeline.js'
import { createSliceRunner } from './sandbox-slice-runner.js'
import type { SliceRunner } from './slice-runner.js'
import { testStage } from './testing/test-stage.js'
import { memoryPorts } from './testing/memory-ports.js'

// Parquet files of every codec read by a real slice (the built slice host loads the codecs).
const CODECS = ['zstd', 'gzip', 'brotli', 'lz4', 'snappy'] as const

const ROWS = identify(
  parseContract(
    'contract: rows\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n  name: { type: string }\n',
    'c.yaml',
  ).contract!.model,
)

let proj: string
let runner: SliceRunner

function openUp(p: string): void {
  const s = statSync(p)
  chmodSync(p, s.isDirectory() ? 0o755 : 0o644)
  if (s.isDirectory()) for (const e of readdirSync(p)) openUp(path.join(p, e))
}

beforeAll(async () => {
  proj = await mkdtemp(path.join(tmpdir(), 'runink-pq-run-'))
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    for (const codec of CODECS)
      await connection.run(
        `COPY (SELECT i AS id, 'n' || i AS name FROM range(0, 300) t(i)) TO '${path.join(proj, `${codec}.parquet`)}' (FORMAT parquet, COMPRESSION ${codec})`,
      )
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
  runner = await createSliceRunner({ stagingRoot: path.join(proj, 'slices') })
})
afterAll(async () => {
  await runner.close()
  await rm(proj, { recursive: true, force: true })
})

describe('Parquet sources in a slice', () => {
  it('reads ZSTD, Gzip, Brotli, LZ4 and Snappy files to the same records', async () => {
    const stages = CODECS.map((codec) =>
      testStage(codec, ROWS, {
        cache: false,
        sources: [{ uri: `parquet://${codec}.parquet` }],
        sinks: [{ uri: `jsonl://out/${codec}.jsonl` }],
      }),
    )
    openUp(proj)
    const result = await runPipeline({
      ...memoryPorts(),
      plan: { stages: stages.map((s) => s.id) },
      planHash: 'sha256:' + 'e'.repeat(64),
      name: 'codecs',
      herd: 'default',
      stages,
      baseDir: proj,
      runner,
      concurrency: 2,
      maskKey: await loadMaskKey(path.join(proj, '.runink', 'keys'), 'default'),
      stagingDir: path.join(proj, 'staging'),
    })
    expect(result.stages.map((s) => [s.id, s.status, s.error])).toEqual(
      CODECS.map((c) => [c, 'succeeded', undefined]),
    )
    const expected = Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: i, name: `n${i}` }))
    for (const codec of CODECS)
      expect(
        (await readFile(path.join(proj, 'out', `${codec}.jsonl`), 'utf8')).trim().split('\n'),
      ).toEqual(expected)
  })
})
