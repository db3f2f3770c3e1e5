import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/runi.js')
let dir: string

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('@requires(disk=…) in a real run', () => {
  it('fails a stage whose slice writes more than its disk limit into staging, committing nothing', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'runink-disk-run-'))
    // Run as root, slices run as an unprivileged account that must reach the project.
    await chmod(dir, 0o755)
    await writeFile(
      path.join(dir, 'c.yaml'),
      'contract: c\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n',
    )
    await writeFile(path.join(dir, 'in.csv'), 'id\n1\n')
    // About 2.3 MB of valid records out of one input record.
    await writeFile(
      path.join(dir, 'gen.js'),
      `process.stdin.resume()
process.stdin.on('end', () => {
  let s = ''
  for (let i = 0; i < 200000; i++) s += JSON.stringify({ id: i }) + '\\n'
  process.stdout.write(s)
})
`,
    )
    const dsl = (disk: string): string => `@feature(name="disk")
@contract(path="c.yaml")
Feature: disk

Scenario: Big
  @source("csv://in.csv")
  @step(exec="node gen.js")
  @sink("jsonl://out/big.jsonl")
  @sink("jsonl://out/dlq.jsonl" when "!record.valid")
  @requires(disk="${disk}")
  Given the contract: c
`
    await writeFile(path.join(dir, 'p.dsl'), dsl('1Mi'))
    const over = spawnSync(process.execPath, [BIN, 'run', 'p.dsl'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(over.status).toBe(1)
    // The disk watch kills it, or on a busy host the kernel's file size limit (the disk limit
    // plus a margin) stops its sink first; either way the stage fails at once, saying why.
    expect(over.stderr + over.stdout).toMatch(
      /big: failed[^\n]*: (exceeded its disk limit of 1Mi in staging|a sink file grew past the largest file this slice may write \(its @requires\(disk=…\) limit plus a margin\))/,
    )
    expect(existsSync(path.join(dir, 'out', 'big.jsonl'))).toBe(false)
    expect(existsSync(path.join(dir, '.runink-staging'))).toBe(false)

    await writeFile(path.join(dir, 'p.dsl'), dsl('8Mi'))
    const under = spawnSync(process.execPath, [BIN, 'run', 'p.dsl'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(under.status).toBe(0)
    expect(existsSync(path.join(dir, 'out', 'big.jsonl'))).toBe(true)
  }, 240_000)
})
