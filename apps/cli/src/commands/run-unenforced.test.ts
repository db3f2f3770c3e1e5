import { spawnSync } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { chmod } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/runi.js')
const NOBODY = 65534
let dir: string

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** `runi` run as nobody, who may create no cgroup on this host (the security probe's user). */
function runiAsNobody(...args: string[]): { code: number | null; out: string; stdout: string } {
  const result = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: result.status, out: result.stdout + result.stderr, stdout: result.stdout }
}

describe('a 256Mi stage where only rlimits can be applied', () => {
  it('fails unless allowed, and when allowed is recorded and shown as sandbox-rlimits', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'runink-unenforced-'))
    await chmod(dir, 0o755)
    writeFileSync(
      path.join(dir, 'c.yaml'),
      'contract: c\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n',
    )
    writeFileSync(path.join(dir, 'in.csv'), 'id\n1\n2\n')
    // Holds 512 MiB, twice its memory request, then passes its records through.
    const step =
      'node -e \\"const k = []; for (let i = 0; i < 4; i++) k.push(Buffer.alloc(128 * 1024 * 1024, 1)); process.stdin.pipe(process.stdout)\\"'
    writeFileSync(
      path.join(dir, 'p.dsl'),
      `@feature(name="big")
@contract(path="c.yaml")
Feature: big

Scenario: Big
  @source("csv://in.csv")
  @step(exec="${step}")
  @sink("jsonl://out/big.jsonl")
  @sink("jsonl://out/dlq.jsonl" when "!record.valid")
  @requires(memory="256Mi")
  Given the contract: c
`,
    )
    for (const name of ['', 'c.yaml', 'in.csv', 'p.dsl'])
      chownSync(path.join(dir, name), NOBODY, NOBODY)

    const refused = runiAsNobody('run', 'p.dsl', '--json')
    expect(refused.code).toBe(1)
    expect(refused.out).toContain(
      'the stage asks for memory 256Mi, which this host cannot enforce: cannot create cgroups',
    )
    expect(refused.out).toContain('pass --allow-unenforced-limits')

    const allowed = runiAsNobody(
      'run',
      'p.dsl',
      '--no-cache',
      '--allow-unenforced-limits',
      '--json',
    )
    expect(allowed.code).toBe(0)
    const result = JSON.parse(allowed.stdout) as {
      runId: string
      isolation: string
    }
    expect(result.isolation).toBe('sandbox-rlimits')
    const status = runiAsNobody('status', result.runId)
    expect(status.code).toBe(0)
    expect(status.out).toMatch(/\bsandbox-rlimits\b/)
    expect(status.out).toContain(
      'sandbox-rlimits: no cgroups, so memory, CPU and process count were not limited',
    )
    const detail = JSON.parse(runiAsNobody('status', result.runId, '--json').stdout) as {
      stages: Array<{ slices: Array<{ isolation: string }> }>
    }
    expect(detail.stages.flatMap((s) => s.slices.map((x) => x.isolation))).toEqual([
      'sandbox-rlimits',
    ])
  }, 180_000)
})
