import { spawn } from 'node:child_process'
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/runi.js')
let dir: string

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('Ctrl-C during runi run', () => {
  it('stops the slices, removes staged output and records the run as cancelled', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'runink-cancel-'))
    await mkdir(path.join(dir, 'steps'))
    await writeFile(
      path.join(dir, 'c.yaml'),
      'contract: c\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n',
    )
    await writeFile(
      path.join(dir, 'in.csv'),
      `id\n${Array.from({ length: 50 }, (_, i) => i).join('\n')}\n`,
    )
    await writeFile(
      path.join(dir, 'steps', 'slow.ts'),
      `import { defineStep } from '@runink/engine'
export const Slow = defineStep({ async map(r: Record<string, unknown>) { await new Promise((ok) => setTimeout(ok, 1000)); return r } })`,
    )
    await writeFile(
      path.join(dir, 'p.dsl'),
      `@feature(name="slow")
@contract(path="c.yaml")
@steps(path="steps/slow.ts")
Feature: slow

Scenario: Slow
  @source("csv://in.csv")
  @step("Slow")
  @sink("jsonl://out/slow.jsonl")
  @sink("jsonl://out/dlq.jsonl" when "!record.valid")
  Given the contract: c

Scenario: After
  @source("jsonl://out/slow.jsonl")
  @sink("jsonl://out/after.jsonl")
  @sink("jsonl://out/after-dlq.jsonl" when "!record.valid")
  Given the contract: c
`,
    )
    const child = spawn(process.execPath, [BIN, 'run', 'p.dsl'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let err = ''
    let sent = false
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString()
      if (!sent && err.includes('slow: started')) {
        sent = true
        child.kill('SIGINT')
      }
    })
    const code = await new Promise<number | null>((ok) => child.once('close', ok))
    expect(err).toContain('cancelling')
    expect(code).toBe(130)
    expect(await readdir(path.join(dir, 'out')).catch(() => [])).toEqual([])
    expect(await readdir(path.join(dir, '.runink-staging')).catch(() => [])).toEqual([])
    const runs = await runCli(dir, 'runs', '--json')
    const list = JSON.parse(runs.stdout) as
      Array<{ status: string }> | { runs: Array<{ status: string }> }
    const statuses = (Array.isArray(list) ? list : list.runs).map((r) => r.status)
    expect(statuses).toEqual(['cancelled'])
  }, 60_000)
})
