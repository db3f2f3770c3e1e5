import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { identify, parseContract } from '@runink/contracts'
import { openBarn, type Barn } from '@runink/store'
import {
  createSliceRunner,
  type RunnableStage,
  runPipeline,
  type SliceRunner,
} from '@runink/engine'
import { barnPorts } from './barn-ports.js'

// Real slices (a supervisor, sandboxes where the host has them) running hostile steps: each
// attacks the host through what the slice sends back or leaves in its staging folder.

const { contract, problems } = parseContract(
  'contract: raw\nversion: 1.0.0\nfields:\n  id: { type: string, required: true }\n',
  'c.yaml',
)
if (!contract) throw new Error(problems.map((p) => p.message).join('; '))
const RAW = identify(contract.model)

let dir: string
let secret: string
let barn: Barn
let runner: SliceRunner

beforeAll(async () => {
  runner = await createSliceRunner({ mode: 'sandbox' })
})
afterAll(async () => {
  await runner.close()
})
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-boundary-'))
  // Readable by the unprivileged account slices run as when the tests run as root.
  await chmod(dir, 0o755)
  await writeFile(path.join(dir, 'in.csv'), 'id\nR1\nR2\n')
  // A host file outside any staging folder: a slice must never get it read, moved or deleted.
  secret = path.join(dir, 'host-secret.txt')
  await writeFile(secret, 'the host keeps this\n')
  barn = await openBarn({ home: dir })
})
afterEach(async () => {
  await barn.close()
  await rm(dir, { recursive: true, force: true })
})

/** Runs one stage whose only step is the TypeScript `map` body given. */
async function runStep(body: string, over: Partial<RunnableStage> = {}, use = runner) {
  await writeFile(
    path.join(dir, 'hostile.ts'),
    `import { defineStep } from '@runink/engine'
import * as fs from 'node:fs'
let once = false
export const Hostile = defineStep({ map(r: Record<string, unknown>) {
  if (!once) { once = true; ${body} }
  return r } })`,
  )
  const stage: RunnableStage = {
    id: 'hostile',
    name: 'hostile',
    nodeHash: `sha256:${'h'.padEnd(64, '0')}`,
    dependsOn: [],
    sources: [{ uri: 'csv://in.csv' }],
    steps: [{ kind: 'module', name: 'Hostile', module: path.join(dir, 'hostile.ts'), params: {} }],
    sinks: [{ uri: 'dataset://stolen' }],
    contract: RAW,
    resources: { timeoutMs: 60_000 },
    retry: { attempts: 1, backoff: 'fixed', initialMs: 10, maxMs: 10 },
    cache: false,
    asserts: [],
    stepCodeHashes: {},
    ...over,
  }
  const started = Date.now()
  const result = await runPipeline({
    ...barnPorts(barn),
    plan: { stages: [stage.id] },
    planHash: 'sha256:' + 'a'.repeat(64),
    name: 'boundary',
    herd: 'default',
    stages: [stage],
    baseDir: dir,
    runner: use,
    concurrency: 1,
    maskKey: 'k',
    stagingDir: path.join(dir, 'staging'),
    noCache: true,
    onEvent: () => undefined,
  })
  const slices = await barn.db
    .selectFrom('slices')
    .select('id')
    .where('run_id', '=', result.runId)
    .execute()
  const logs = (await Promise.all(slices.map((s) => barn.logs.read(s.id, 0, 100_000)))).flatMap(
    (l) => l.lines.map((x) => x.line),
  )
  return { stage: result.stages[0]!, logs, seconds: (Date.now() - started) / 1000 }
}

/** A result line as the slice host writes it, claiming `stagingPath` for the one sink. */
const forged = (stagingPath: string): string =>
  JSON.stringify({
    type: 'slice-result',
    version: 1,
    ok: true,
    report: {
      recordsIn: 1,
      recordsOut: 1,
      valid: 1,
      invalid: 0,
      filtered: 0,
      added: 0,
      unrouted: 0,
      reasons: [],
      sample: [],
      firstInvalid: [],
      sinks: [{ uri: 'dataset://stolen', stagingPath, records: 1, bytes: 21 }],
      metrics: {},
      durationMs: 1,
    },
  })

const stillThere = async (): Promise<void> => {
  expect(await readFile(secret, 'utf8')).toBe('the host keeps this\n')
  await expect(barn.datasets.resolve('dataset://stolen')).rejects.toThrow()
}

describe('the host trusts nothing a slice says', () => {
  it('refuses a forged result line that names a host file outside staging', async () => {
    const { stage, logs } = await runStep(
      `process.stdout.write(${JSON.stringify(forged(secret))} + '\\n'); process.exit(0)`,
    )
    expect(stage.status).toBe('failed')
    const problem = `slice sent a malformed result: sinks[0].stagingPath: expected "0.jsonl" as in its job`
    expect(stage.error).toBe(problem)
    expect(logs).toContain(`runink: RUNINK_SLICE_BAD_MESSAGE: ${problem}`)
    await stillThere()
  })

  it('refuses a staged output that is a symlink pointing out of staging', async () => {
    // After the slice host has written its sink and result, the step swaps the file.
    const { stage } = await runStep(
      `process.on('exit', () => { fs.rmSync('0.jsonl'); fs.symlinkSync(${JSON.stringify(secret)}, '0.jsonl') })`,
    )
    expect(stage.status).toBe('failed')
    expect(stage.error).toMatch(/staged output .*0\.jsonl is a symbolic link: refused/)
    await stillThere()
  })

  it('fails a stage whose slice sends a malformed progress line', async () => {
    const { stage } = await runStep(
      `process.stderr.write('{"type":"slice-progress","version":1,"progress":{"recordsIn":-5,"recordsOut":0,"invalid":0}}\\n')`,
    )
    expect(stage.status).toBe('failed')
    expect(stage.error).toBe(
      'slice sent a malformed message: a progress line: progress.recordsIn: expected a non-negative integer',
    )
  })

  it('fails a stage whose slice sends a result of another version', async () => {
    const bad = forged('0.jsonl').replace('"version":1', '"version":2')
    const { stage } = await runStep(
      `process.stdout.write(${JSON.stringify(bad)} + '\\n'); process.exit(0)`,
    )
    expect(stage.status).toBe('failed')
    expect(stage.code).toBe('RUNINK_SLICE_BAD_MESSAGE')
    expect(stage.error).toBe('slice sent a malformed result: version: expected version 1')
  })

  it('fails a stage whose slice sends a malformed result', async () => {
    const bad = forged('0.jsonl').replace('"records":1', '"records":1e300')
    const { stage } = await runStep(
      `process.stdout.write(${JSON.stringify(bad)} + '\\n'); process.exit(0)`,
    )
    expect(stage.status).toBe('failed')
    expect(stage.error).toBe(
      'slice sent a malformed result: sinks[0].records: expected a non-negative integer',
    )
  })

  it('publishes a file sink the slice made setuid as a plain file of the host user', async () => {
    const { stage, logs } = await runStep(
      `process.stdout.write('a step wrote this on stdout\\n'); process.on('exit', () => fs.chmodSync('0.jsonl', 0o6777))`,
      { sinks: [{ uri: 'jsonl://out/plain.jsonl' }] },
    )
    expect(stage.status).toBe('succeeded')
    // Not the result line, so kept as log rather than lost.
    expect(logs).toContain('a step wrote this on stdout')
    const info = await stat(path.join(dir, 'out', 'plain.jsonl'))
    expect(info.mode & 0o7000).toBe(0)
    expect(info.mode & 0o022).toBe(0o022 & ~process.umask() & 0o022)
    expect(info.uid).toBe(process.getuid!())
    expect(await readFile(path.join(dir, 'out', 'plain.jsonl'), 'utf8')).toBe(
      '{"id":"R1"}\n{"id":"R2"}\n',
    )
  })
})

describe('every stream from a slice is bounded', () => {
  it('ends a slice flooding one 64 MiB stderr line at its timeout, with a bounded log', async () => {
    const { stage, logs, seconds } = await runStep(
      `process.stderr.write(Buffer.alloc(64 * 1024 * 1024, 120)); for (;;) { /* spin */ }`,
      { resources: { timeoutMs: 5000 } },
    )
    expect(stage).toMatchObject({ status: 'failed', error: 'timed out after 5s' })
    expect(seconds).toBeLessThan(40)
    const flood = logs.find((l) => l.startsWith('xxxx'))
    expect(flood).toMatch(/ … \[runink: line cut to 65536 of \d+ bytes\]$/)
    expect(logs.join('').length).toBeLessThan(1024 * 1024)
  })

  it('fails a slice that writes more than a result line on stdout, and the host stays up', async () => {
    const { stage } = await runStep(
      `for (let i = 0; i < 64; i++) process.stdout.write(Buffer.alloc(1024 * 1024, 121))`,
    )
    expect(stage).toMatchObject({
      status: 'failed',
      error:
        'slice wrote more than 1 MiB on stdout, which carries only its result line (steps log on stderr): stopped',
    })
    await stillThere()
  })

  it('sends a step’s console.log to its log, so a chatty step is not cut off by the stdout cap', async () => {
    const { stage, logs } = await runStep(
      `for (let i = 0; i < 4096; i++) console.log('z'.repeat(1023))`,
    )
    expect(stage.status).toBe('succeeded')
    expect(logs.filter((l) => l === 'z'.repeat(1023))).toHaveLength(4096)
  })

  it('stores at most 10 000 log rows of a slice, then one notice, and the slice goes on', async () => {
    const { stage, logs } = await runStep(
      `for (let i = 0; i < 30_000; i++) process.stderr.write('\\n')`,
    )
    expect(stage.status).toBe('succeeded')
    expect(logs).toHaveLength(10_001)
    expect(logs.at(-1)).toBe(
      'runink: the slice logged more than 10000 lines; the rest of its log is dropped',
    )
  })

  it('keeps at most its byte cap of a slice log, then one notice, and the slice goes on', async () => {
    const small = await createSliceRunner({ mode: 'sandbox', limits: { stderrBytes: 256 * 1024 } })
    try {
      const { stage, logs } = await runStep(
        `const line = 'y'.repeat(1023) + '\\n'; for (let i = 0; i < 4096; i++) process.stderr.write(line)`,
        {},
        small,
      )
      expect(stage.status).toBe('succeeded')
      expect(logs.filter((l) => l.startsWith('yyy'))).toHaveLength(256)
      expect(logs.at(-1)).toBe(
        'runink: the slice logged more than 262144 bytes on stderr; the rest of its log is dropped',
      )
    } finally {
      await small.close()
    }
  })
})
