import { execFile } from 'node:child_process'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { processAlive } from '@runink/node'
import { BARN_DIR, lockHolderOf, type LockHolder } from '@runink/store'

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/runi.js')
const dirs: string[] = []

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'runink-keep-'))
  dirs.push(dir)
  await chmod(dir, 0o755)
  return dir
}

interface Ran {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** The built `runi` in a child process, as a user runs it (RUNINK_KEEP_BARN as given). */
function runi(home: string, keep: string, ...argv: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...argv, '--home', home],
      {
        cwd: home,
        env: {
          ...process.env,
          RUNINK_KEEP_BARN: keep,
          XDG_STATE_HOME: path.join(home, '.state'),
          XDG_CACHE_HOME: path.join(home, '.cache'),
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

/** Polls until got() returns something, or fails after timeoutMs. */
async function eventually<T>(what: string, got: () => Promise<T | undefined>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await got()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** The process keeping home's Barn open, once it answers on its socket. */
const keeperOf = (home: string): Promise<LockHolder> =>
  eventually('the Barn to be kept open', async () => {
    const holder = await lockHolderOf(path.join(home, BARN_DIR))
    return holder?.yields && holder.socket ? holder : undefined
  })

const gone = (pid: number): Promise<true> =>
  eventually(`process ${pid} to end`, async () => (processAlive(pid) ? undefined : true))

describe('the Barn kept open between commands', () => {
  it('answers the next read-only command, gives way to a command that writes, and closes when idle', async () => {
    const home = await tempDir()
    const made = await runi(home, '3', 'herd', 'egress', 'grant', 'default', 'fetch')
    expect(made.stderr).toBe('')
    expect(made.code).toBe(0)
    const keeper = await keeperOf(home)
    expect(keeper.command).toContain('__keep-barn')

    // Answered by the keeper: had this command opened the Barn itself, the keeper would be gone.
    const listed = await runi(home, '3', 'herd', 'list', '--json')
    expect(listed.code).toBe(0)
    expect(JSON.parse(listed.stdout)).toMatchObject([{ name: 'default', egress: ['fetch'] }])
    expect(processAlive(keeper.pid)).toBe(true)
    expect((await lockHolderOf(path.join(home, BARN_DIR)))?.pid).toBe(keeper.pid)

    // A command that writes takes the Barn over at once, without a "waiting for" message.
    const granted = await runi(home, '3', 'herd', 'egress', 'grant', 'default', 'other')
    expect(granted.stderr).toBe('')
    expect(granted.code).toBe(0)
    await gone(keeper.pid)
    const next = await keeperOf(home)
    expect(next.pid).not.toBe(keeper.pid)
    const again = await runi(home, '3', 'herd', 'list', '--json')
    expect(JSON.parse(again.stdout)).toMatchObject([{ egress: ['fetch', 'other'] }])

    // Three seconds without a command: it closes the Barn and ends.
    await gone(next.pid)
    expect(await lockHolderOf(path.join(home, BARN_DIR))).toBeUndefined()
  })

  it('is not kept with RUNINK_KEEP_BARN=0, and a value it cannot read is said, not guessed', async () => {
    const home = await tempDir()
    expect(await runi(home, '0', 'herd', 'egress', 'grant', 'default', 'fetch')).toMatchObject({
      code: 0,
      stderr: '',
    })
    const bad = await runi(home, '10s', 'herd', 'list')
    expect(bad.code).toBe(0)
    expect(bad.stderr).toBe(
      'note: RUNINK_KEEP_BARN=10s is not a number of seconds from 0 to 3600 (or off); the Barn is not kept open between commands\n',
    )
    await new Promise((r) => setTimeout(r, 1_500))
    expect(await lockHolderOf(path.join(home, BARN_DIR))).toBeUndefined()
  })

  it('ends when its folder is removed', async () => {
    const home = await tempDir()
    await runi(home, '60', 'herd', 'egress', 'grant', 'default', 'fetch')
    const keeper = await keeperOf(home)
    await rm(home, { recursive: true, force: true })
    await gone(keeper.pid)
  })
})
