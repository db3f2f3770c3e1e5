import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runCliWith } from '../testing/run-cli.js'

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/runi.js')
const dirs: string[] = []

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

/** A project whose one stage runs a step that takes a few seconds. */
async function slowProject(seconds: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'runink-watch-'))
  dirs.push(dir)
  // Run as root, slices run as an unprivileged account that must reach the project.
  await chmod(dir, 0o755)
  await writeFile(
    path.join(dir, 'c.yaml'),
    'contract: c\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n',
  )
  await writeFile(path.join(dir, 'in.csv'), 'id\n1\n2\n3\n')
  // NDJSON in, NDJSON out, after a pause: the stage keeps the Barn held that long.
  await writeFile(path.join(dir, 'slow.sh'), `sleep ${seconds}\nexec cat\n`)
  await writeFile(
    path.join(dir, 'p.dsl'),
    `@feature(name="slow")
@contract(path="c.yaml")
Feature: slow

Scenario: Slow
  @source("csv://in.csv")
  @step(exec="sh slow.sh")
  @sink("dataset://slow.ids")
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
  const child = spawn(process.execPath, [BIN, 'run', 'p.dsl', '--isolation', 'process'], {
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

interface Holder {
  pid: number
  socket?: string
  runId?: string
}

/** Who holds the Barn, once the run has recorded its socket and its run id. */
async function holderOf(dir: string): Promise<Holder & { socket: string; runId: string }> {
  for (let i = 0; i < 100; i++) {
    const holder = JSON.parse(
      readFileSync(path.join(dir, '.runink', 'barn.lock.json'), 'utf8'),
    ) as Holder
    if (holder.socket && holder.runId)
      return { ...holder, socket: holder.socket, runId: holder.runId }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('the run never recorded its socket and run id')
}

function ended(child: ChildProcess): Promise<number | null> {
  return new Promise((ok) => child.once('close', (code) => ok(code)))
}

describe('watching a run from another terminal (embedded Barn)', () => {
  it('runs, status, logs and dataset list are answered by the run; a write fails at once', async () => {
    const dir = await slowProject(6)
    const { child, started, stderr } = startRun(dir)
    const done = ended(child)
    await started
    const holder = await holderOf(dir)
    expect(holder.pid).toBe(child.pid)
    expect(holder.socket).toBe(path.join(dir, '.runink', 'barn.sock'))
    // Owner only, inside the owner-only Barn folder.
    expect((await stat(holder.socket)).mode & 0o777).toBe(0o600)

    const at = { cwd: dir, env: {} }
    let t = Date.now()
    const runs = await runCliWith(at, 'runs')
    expect(runs.stderr).toBe('')
    expect(runs.code).toBe(0)
    expect(runs.stdout).toMatch(new RegExp(`^${holder.runId}\\s+running\\s+default`, 'm'))
    // Answered, not waited for: the lock's wait is 10 s, the run lasts 6.
    expect(Date.now() - t).toBeLessThan(3_000)

    const status = await runCliWith(at, 'status', holder.runId, '--json')
    expect(status.code).toBe(0)
    expect(status.stdout).toContain(`"${holder.runId}"`)
    expect((await runCliWith(at, 'logs', holder.runId)).code).toBe(0)
    const list = await runCliWith(at, 'dataset', 'list')
    expect(list.code).toBe(0)

    // A command that writes is not answered: it says at once who holds the Barn and how to watch.
    await writeFile(path.join(dir, 'more.csv'), 'id\n9\n')
    t = Date.now()
    const push = await runCliWith(at, 'dataset', 'push', 'more.csv', 'more.ids')
    expect(push.code).toBe(1)
    expect(push.stderr).toContain(
      `the Barn in ${dir} is held by run ${holder.runId} (pid ${child.pid}); watch it in that terminal`,
    )
    expect(push.stderr).toContain('RUNINK_DATABASE_URL=')
    expect(Date.now() - t).toBeLessThan(3_000)

    expect({ code: await done, stderr: stderr() }).toMatchObject({ code: 0 })
    expect(existsSync(holder.socket)).toBe(false)
    // After the run, the same command opens the Barn itself.
    const after = await runCliWith(at, 'runs')
    expect(after.stdout).toMatch(new RegExp(`^${holder.runId}\\s+succeeded`, 'm'))
  }, 90_000)
})
