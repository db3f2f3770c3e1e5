import { spawn, type ChildProcess } from 'node:child_process'
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/runi.js')
const dirs: string[] = []

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

/** A project whose one stage runs a step that takes 30 seconds. */
async function slowProject(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'runink-signals-'))
  dirs.push(dir)
  // Run as root, slices run as an unprivileged account that must reach the project.
  await chmod(dir, 0o755)
  await writeFile(
    path.join(dir, 'c.yaml'),
    'contract: c\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n',
  )
  await writeFile(
    path.join(dir, 'in.csv'),
    `id\n${Array.from({ length: 50 }, (_, i) => i).join('\n')}\n`,
  )
  await writeFile(
    path.join(dir, 'p.dsl'),
    `@feature(name="slow")
@contract(path="c.yaml")
Feature: slow

Scenario: Slow
  @source("csv://in.csv")
  @step(exec="sleep 30")
  @sink("jsonl://out/slow.jsonl")
  @sink("jsonl://out/dlq.jsonl" when "!record.valid")
  Given the contract: c
`,
  )
  return dir
}

/** Starts `runi run p.dsl` and resolves once its stage has started. */
function startRun(dir: string): {
  child: ChildProcess
  started: Promise<void>
  stderr: () => string
} {
  const child = spawn(process.execPath, [BIN, 'run', 'p.dsl'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  child.stdout!.resume()
  const started = new Promise<void>((ok, fail) => {
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString()
      if (err.includes('slow: started')) ok()
    })
    child.once('close', () => fail(new Error(`runi run ended before its stage started:\n${err}`)))
  })
  return { child, started, stderr: () => err }
}

function ended(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((ok) => child.once('close', (code, signal) => ok({ code, signal })))
}

/** Host processes whose command line names `dir` (slices bind their staging below it). */
function processesNaming(dir: string): string[] {
  const found: string[] = []
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    if (Number(pid) === process.pid) continue
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
      if (cmdline.includes(dir)) found.push(`${pid}: ${cmdline}`)
    } catch {
      // gone meanwhile
    }
  }
  return found
}

async function stagingEntries(dir: string): Promise<string[]> {
  return readdir(path.join(dir, '.runink-staging')).catch(() => [])
}

async function runStatuses(dir: string): Promise<string[]> {
  const runs = await runCli(dir, 'runs', '--json')
  const list = JSON.parse(runs.stdout) as
    Array<{ status: string }> | { runs: Array<{ status: string }> }
  return (Array.isArray(list) ? list : list.runs).map((r) => r.status)
}

describe('stop signals and staging', () => {
  it('SIGTERM cancels a run like Ctrl-C: exit 143, run cancelled, no staging, no slice left', async () => {
    const dir = await slowProject()
    const run = startRun(dir)
    await run.started
    expect(await stagingEntries(dir)).toHaveLength(1)
    run.child.kill('SIGTERM')
    const end = await ended(run.child)
    expect(run.stderr()).toContain('cancelling (SIGTERM)')
    expect(end).toEqual({ code: 143, signal: null })
    expect(await stagingEntries(dir)).toEqual([])
    expect(await readdir(path.join(dir, 'out')).catch(() => [])).toEqual([])
    expect(processesNaming(dir)).toEqual([])
    expect(await runStatuses(dir)).toEqual(['cancelled'])
  }, 60_000)

  it('the next command sweeps the staging of a SIGKILLed run, never a live run’s', async () => {
    const dir = await slowProject()
    const run = startRun(dir)
    await run.started
    const [own] = await stagingEntries(dir)
    expect(own).toMatch(/^run-\d+-\d+$/)
    const owner = JSON.parse(
      await readFile(path.join(dir, '.runink-staging', own!, 'owner.json'), 'utf8'),
    ) as { owners: Array<{ pid: number }> }
    expect(owner.owners.map((o) => o.pid)).toContain(run.child.pid)
    // A command beside a live run sweeps first, then is answered by the run that holds the
    // Barn: it must leave the run's staging alone.
    const beside = spawn(process.execPath, [BIN, 'runs', '--json'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let besideOut = ''
    beside.stdout.on('data', (c: Buffer) => (besideOut += c.toString()))
    beside.stderr.resume()
    expect((await ended(beside)).code).toBe(0)
    expect((JSON.parse(besideOut) as Array<{ status: string }>).map((r) => r.status)).toEqual([
      'running',
    ])
    expect(await stagingEntries(dir)).toEqual([own])
    run.child.kill('SIGKILL')
    await ended(run.child)
    // Its input copy and partial outputs are still there (nothing ran to remove them) ...
    expect(await stagingEntries(dir)).toEqual([own])
    // ... until any command opens this home, once its supervisor has noticed and gone.
    const pids = owner.owners.map((o) => o.pid)
    expect(pids).toHaveLength(2)
    await waitFor(
      () => processesNaming(dir).length === 0 && pids.every((pid) => !existsSync(`/proc/${pid}`)),
      10_000,
    )
    await runCli(dir, 'runs', '--json')
    expect(await stagingEntries(dir)).toEqual([])
  }, 60_000)

  it('SIGTERM stops a command that has nothing to cancel at once, with 143', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'runink-signals-'))
    dirs.push(dir)
    await writeFile(
      path.join(dir, 'c.yaml'),
      'contract: c\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n',
    )
    // About 10 s of validating on this host: the signal comes in the middle of it.
    const rows = 20_000_000
    await writeFile(path.join(dir, 'big.csv'), `id\n${'1\n'.repeat(rows)}`)
    const child = spawn(process.execPath, [BIN, 'contract', 'validate', 'c.yaml', 'big.csv'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.resume()
    child.stderr.resume()
    const end = ended(child)
    // Past the start of node and of the bundle, even on a busy host.
    await new Promise((ok) => setTimeout(ok, 3000))
    const sent = Date.now()
    child.kill('SIGTERM')
    expect(await end).toEqual({ code: 143, signal: null })
    // Well before the validation would end (about 7 s more): the handler runs between batches.
    expect(Date.now() - sent).toBeLessThan(4000)
  }, 60_000)
})

async function waitFor(test: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (!test()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((ok) => setTimeout(ok, 100))
  }
}
