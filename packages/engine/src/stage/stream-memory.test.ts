import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseContract } from '@runink/contracts'
import { SLICE_JOB } from '@runink/protocol'
import { sliceHostPath } from '../run/slice-host-path.js'
import type { SliceJob } from './slice-job.js'

// A 1 GB CSV streams through a validate + mask stage in a real slice-host process whose peak
// resident memory (the kernel's VmHWM) must stay under 200 MB: memory is flat in input size.

const GB = 1024 ** 3
const LIMIT = 200 * 1024 ** 2
const CONTRACT = parseContract(
  `contract: wide
version: 1.0.0
fields:
  id: { type: int, required: true, min: 0 }
  email: { type: string, required: true, format: email, pii: true, mask: hash }
  amount: { type: decimal, required: true, min: 0 }
  note: { type: string, required: true, length: { max: 2000 } }
`,
  'wide.yaml',
).contract!.model

let dir: string
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** Writes about `bytes` of CSV with ~1 KiB rows; returns the row count. */
async function writeCsv(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file)
  out.write('id,email,amount,note\n')
  const note = 'lorem ipsum dolor sit amet '.repeat(36)
  let written = 0
  let rows = 0
  while (written < bytes) {
    let chunk = ''
    for (let i = 0; i < 1000; i++, rows++)
      chunk += `${rows},user${rows}@example.com,${rows % 997}.25,"${note}${rows}"\n`
    written += Buffer.byteLength(chunk)
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'close')
  return rows
}

/** The process's peak resident set (VmHWM), or 0 once it is gone. */
async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1]
  return kb === undefined ? 0 : Number(kb) * 1024
}

describe('streaming memory', () => {
  it('keeps peak RSS under 200 MB for a 1 GB CSV', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'runink-memory-'))
    const input = path.join(dir, 'in.csv')
    const rows = await writeCsv(input, GB)
    expect((await stat(input)).size).toBeGreaterThanOrEqual(GB)
    const job: SliceJob = {
      runId: 'memory',
      stageId: 'memory',
      sliceIndex: 0,
      attempt: 1,
      sources: [{ uri: 'csv://in.csv', path: input, format: 'csv', mode: 'coerce' }],
      steps: [{ kind: 'builtin', name: 'mask', params: {} }],
      contract: CONTRACT,
      sinks: [
        { uri: 'jsonl://out.jsonl', stagingPath: path.join(dir, 'out.jsonl'), format: 'jsonl' },
        {
          uri: 'jsonl://dlq.jsonl',
          stagingPath: path.join(dir, 'dlq.jsonl'),
          format: 'jsonl',
          when: '!record.valid',
        },
      ],
      params: {},
      maskKey: 'k',
    }
    const child = spawn(process.execPath, [sliceHostPath()], { stdio: ['pipe', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stdin.end(JSON.stringify({ ...SLICE_JOB, ...job }))
    let peak = 0
    const poll = setInterval(
      () => void peakRss(child.pid!).then((p) => (peak = Math.max(peak, p))),
      50,
    )
    // The slice host reports, then exits: read the final high-water mark before it is gone.
    const exited = once(child, 'exit')
    await once(child.stdout, 'end')
    peak = Math.max(peak, await peakRss(child.pid!))
    await exited
    clearInterval(poll)
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as {
      ok: boolean
      report: { recordsIn: number; valid: number }
    }
    expect(result.ok).toBe(true)
    expect(result.report).toMatchObject({ recordsIn: rows, valid: rows })
    expect(peak).toBeGreaterThan(0)
    expect(peak).toBeLessThan(LIMIT)
  }, 600_000)
})
