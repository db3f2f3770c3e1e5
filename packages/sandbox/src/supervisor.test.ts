import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { fork, spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeCgroupHost } from './cgroup-host.js'
import type { LaunchRequest } from './slice-launcher.js'
import { createSupervisor, SupervisorClient, type Supervisor } from './supervisor.js'
import { supervisorEntry } from './supervisor-entry.js'
import { cgroupsEnforce, expectedIsolation } from './testing/unprivileged.js'

// A slice host in miniature: blocks until its job arrives on stdin, answers on fd 3 with the
// job and the time it got it, prints to stdout and stderr, exits.
const HOST = `const net = require('node:net')
const channel = new net.Socket({ fd: 3, readable: true, writable: true })
let job = ''
process.stdin.on('data', (d) => (job += d))
process.stdin.on('end', () => {
  process.stdout.write('out:' + job)
  process.stderr.write('err:' + process.getuid())
  channel.end(JSON.stringify({ job: JSON.parse(job), pid: process.pid }) + '\\n')
})
`

describe('supervisor', () => {
  let supervisor: Supervisor
  let code: string
  let template: LaunchRequest

  beforeAll(async () => {
    code = mkdtempSync(join(tmpdir(), 'runink-host-'))
    // As root, slices run as the runink-slice account: it must read what they mount.
    chmodSync(code, 0o755)
    writeFileSync(join(code, 'host.cjs'), HOST)
    template = { command: ['node', join(code, 'host.cjs')], readOnly: [code] }
    supervisor = await createSupervisor({
      stagingRoot: join(code, 'staging'),
      prespawn: [{ template, count: 1 }],
    })
  })
  afterAll(async () => {
    await supervisor.close()
    rmSync(code, { recursive: true, force: true })
  })

  async function collect(request: LaunchRequest) {
    const slice = await supervisor.launch(request)
    let stdout = ''
    let stderr = ''
    slice.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    slice.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const message = await new Promise((resolve) => slice.onMessage(resolve))
    const exit = await slice.wait()
    return { slice, stdout, stderr, message, exit }
  }

  it('runs in its own process, sandboxed', () => {
    expect(supervisor.pid).not.toBe(process.pid)
    expect(supervisor.isolation).toBe(expectedIsolation('sandbox'))
    expect(['bwrap', 'unshare']).toContain(supervisor.backend)
  })

  it('hands a matching launch to a pre-spawned sandbox and relays its output and messages', async () => {
    await sleep(300) // let the pre-spawned host finish booting
    const { slice, stdout, stderr, message, exit } = await collect({
      ...template,
      input: '{"n":1}',
    })
    expect(slice.prespawned).toBe(true)
    expect(message).toMatchObject({ job: { n: 1 } })
    expect(stdout).toBe('out:{"n":1}')
    expect(stderr).toBe('err:65534')
    expect(exit).toMatchObject({
      reason: 'ok',
      exitCode: 0,
      isolation: expectedIsolation('sandbox'),
    })
    rmSync(slice.stagingDir, { recursive: true, force: true })
  })

  it('starts cold when no pre-spawned sandbox matches', async () => {
    const { slice, message, exit } = await collect({
      ...template,
      env: { OTHER: '1' },
      input: '{"n":2}',
    })
    expect(slice.prespawned).toBe(false)
    expect(message).toMatchObject({ job: { n: 2 } })
    expect(exit.reason).toBe('ok')
    rmSync(slice.stagingDir, { recursive: true, force: true })
  })

  it('refills the pool after a launch', async () => {
    await sleep(400)
    const { slice } = await collect({ ...template, input: '{"n":3}' })
    expect(slice.prespawned).toBe(true)
    rmSync(slice.stagingDir, { recursive: true, force: true })
  })

  it('survives a pool whose mounted folder is removed (a run ending while it refills)', async () => {
    const gone = mkdtempSync(join(tmpdir(), 'runink-gone-'))
    chmodSync(gone, 0o755)
    const doomed = { ...template, readOnly: [code, gone] }
    await supervisor.prespawn(doomed, 1)
    await sleep(300)
    // Taking one schedules a refill; the folder disappears before it runs.
    const taken = await supervisor.launch({ ...doomed, input: '{"n":4}' })
    rmSync(gone, { recursive: true, force: true })
    await taken.wait()
    rmSync(taken.stagingDir, { recursive: true, force: true })
    await sleep(200)
    const { exit } = await collect({ ...template, input: '{"n":5}' })
    expect(exit.reason).toBe('ok')
    await expect(supervisor.launch({ ...doomed, input: '{}' })).rejects.toThrow(/does not exist/)
  })

  it('replaces a pre-spawned sandbox that dies while it waits', async () => {
    await sleep(300)
    // The waiting hosts: node processes running this host file (none of them has a job yet).
    const waiting = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
          return argv.includes(join(code, 'host.cjs')) && !argv.includes('--ro-bind')
        } catch {
          return false
        }
      })
    expect(waiting.length).toBeGreaterThan(0)
    for (const pid of waiting) process.kill(Number(pid), 'SIGKILL')
    await sleep(300)
    const { message, exit } = await collect({ ...template, input: '{"n":6}' })
    expect(message).toMatchObject({ job: { n: 6 } })
    expect(exit.reason).toBe('ok')
  })

  it('starts the clock of a pre-spawned slice when it is launched', async () => {
    const stuck = {
      command: ['node', '-e', 'process.stdin.resume(); setInterval(() => {}, 1000)'],
      limits: { timeoutMs: 300 },
    }
    await supervisor.prespawn(stuck, 1)
    await sleep(500)
    const slice = await supervisor.launch({ ...stuck, input: 'x' })
    expect(slice.prespawned).toBe(true)
    expect(await slice.wait()).toMatchObject({
      reason: 'timeout',
      message: 'timed out after 300ms',
    })
    await supervisor.prespawn(stuck, 0)
  })

  it('kills and cancels slices, and reports limits through the supervisor', async () => {
    const forever = await supervisor.launch({ command: ['sleep', '60'] })
    forever.kill('cancelled')
    expect(await forever.wait()).toMatchObject({ reason: 'cancelled', message: 'was cancelled' })
    const slow = await supervisor.launch({ command: ['sleep', '60'], limits: { timeoutMs: 300 } })
    expect(await slow.wait()).toMatchObject({ reason: 'timeout', message: 'timed out after 300ms' })
  })

  it('rejects a bad request with a typed error', async () => {
    await expect(
      supervisor.launch({ command: ['true'], readOnly: ['relative/path'] }),
    ).rejects.toMatchObject({
      code: 'RUNINK_SANDBOX_BAD_REQUEST',
    })
  })

  it('keeps the caller event loop free while slices start', async () => {
    const started = performance.now()
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    const slices = await Promise.all(
      [1, 2, 3].map((n) =>
        supervisor.launch({ ...template, env: { N: String(n) }, input: `{"n":${n}}` }),
      ),
    )
    await Promise.all(slices.map((s) => s.wait()))
    clearInterval(timer)
    // The 1 ms timer kept firing throughout; launches did not block this loop.
    expect(ticks).toBeGreaterThan((performance.now() - started) / 4)
    for (const s of slices) rmSync(s.stagingDir, { recursive: true, force: true })
  })
})

it('a supervisor that dies takes its slices with it', async () => {
  const stagingRoot = mkdtempSync(join(tmpdir(), 'runink-staging-test-'))
  chmodSync(stagingRoot, 0o711)
  const supervisor = await createSupervisor({ stagingRoot })
  const slice = await supervisor.launch({ command: ['sleep', '60'] })
  process.kill(supervisor.pid, 'SIGKILL')
  const exit = await slice.wait()
  expect(exit.reason).toBe('killed')
  expect(exit.message).toContain('supervisor')
  await expect(supervisor.launch({ command: ['true'] })).rejects.toMatchObject({
    code: 'RUNINK_SANDBOX_SUPERVISOR_DIED',
  })
  rmSync(stagingRoot, { recursive: true, force: true })
})

it('dies with a caller killed outright, taking its waiting sandboxes and seeds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'runink-caller-'))
  chmodSync(dir, 0o755)
  writeFileSync(join(dir, 'host.cjs'), HOST)
  // A caller in a process of its own, from the built package (`npm test` builds first): it keeps
  // two sandboxes pre-spawned, claims one and reports its supervisor's pid just as the pool
  // refills (pipes on their way to it).
  const built = fileURLToPath(new URL('../dist/supervisor.js', import.meta.url))
  const callerFile = join(dir, 'caller.mjs')
  writeFileSync(
    callerFile,
    `import { createSupervisor } from ${JSON.stringify(built)}
const template = { command: ['node', ${JSON.stringify(join(dir, 'host.cjs'))}], readOnly: [${JSON.stringify(dir)}] }
const supervisor = await createSupervisor({ stagingRoot: ${JSON.stringify(join(dir, 'staging'))}, prespawn: [{ template, count: 2 }] })
await new Promise((r) => setTimeout(r, 400))
await supervisor.launch({ ...template, input: '{}' })
setTimeout(() => console.log(JSON.stringify({ supervisor: supervisor.pid })), 20)
setInterval(() => {}, 1000)
`,
  )
  const child = spawn(process.execPath, [callerFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const line = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(d.toString())),
  )
  const { supervisor } = JSON.parse(line) as { supervisor: number }
  child.kill('SIGKILL')
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
  const hosts = () =>
    readdirSync('/proc').filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(join(dir, 'host.cjs'))
      } catch {
        return false
      }
    })
  for (let waited = 0; waited < 5000 && (alive(supervisor) || hosts().length > 0); waited += 100)
    await sleep(100)
  expect(alive(supervisor)).toBe(false)
  expect(hosts()).toEqual([])
  // Nor did it leave a cgroup behind: slices', waiting sandboxes' or seeds'.
  const parents = Object.values(probeCgroupHost('runink').host?.parents ?? {})
  expect(parents.length > 0).toBe(cgroupsEnforce())
  for (const parent of new Set(parents))
    expect(readdirSync(parent).filter((name) => name.startsWith(`s${supervisor}-`))).toEqual([])
  rmSync(dir, { recursive: true, force: true })
})

describe('supervisor messages are parsed at both ends', () => {
  /** Sends `message` to a real supervisor process; its first reply. */
  async function supervisorReplyTo(message: unknown): Promise<unknown> {
    const child = fork(await supervisorEntry(), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
    })
    try {
      const reply = new Promise((resolve) => child.once('message', resolve))
      child.send(message as object)
      return await reply
    } finally {
      child.kill('SIGKILL')
    }
  }

  it.each([
    [{ version: 2, type: 'close', id: 3 }, 3, 'version', 'expected version 1'],
    [{ version: 1, type: 'reboot', id: 4 }, 4, 'type', ''],
    [
      { version: 1, type: 'launch', id: 5, request: { command: 'true' } },
      5,
      'request.command',
      'expected an array',
    ],
    [{ version: 1, type: 'launch', id: 6 }, 6, 'request', 'expected an object'],
    [{ version: 1, type: 'kill', id: 7, reason: 'bored' }, 7, 'reason', ''],
    [
      {
        version: 1,
        type: 'launch',
        id: 8,
        request: { command: ['true'], readOnly: Array(10_001).fill('/') },
      },
      8,
      'request.readOnly',
      'expected at most 10000 items',
    ],
  ])(
    'the supervisor refuses %j with a failed reply naming the field',
    async (message, id, field, problem) => {
      const reply = await supervisorReplyTo(message)
      expect(reply).toMatchObject({
        version: 1,
        type: 'failed',
        id,
        error: {
          code: 'RUNINK_PROTOCOL_MALFORMED',
          details: { where: 'supervisor message (host → supervisor)', field },
        },
      })
      if (problem !== '')
        expect((reply as { error: { details: { problem: string } } }).error.details.problem).toBe(
          problem,
        )
    },
  )

  /** A client of a fake supervisor that answers `init` with `reply`. */
  function clientOf(reply: unknown): { client: SupervisorClient; child: ChildProcess } {
    const dir = mkdtempSync(join(tmpdir(), 'runink-fake-supervisor-'))
    const script = join(dir, 'fake.mjs')
    writeFileSync(
      script,
      `process.on('message', () => process.send(${JSON.stringify(reply)}))\nsetInterval(() => {}, 1000)\n`,
    )
    const child = fork(script, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    child.on('exit', () => rmSync(dir, { recursive: true, force: true }))
    return { client: new SupervisorClient(child), child }
  }

  it.each([
    [{ version: 2, type: 'ready', isolation: 'none', backend: 'none', warnings: [] }, 'version'],
    [{ version: 1, type: 'welcome' }, 'type'],
    [{ version: 1, type: 'ready', isolation: 'total', backend: 'none', warnings: [] }, 'isolation'],
    [{ version: 1, type: 'ready', isolation: 'none', backend: 'none' }, 'warnings'],
    [
      { version: 1, type: 'ready', isolation: 'none', backend: 'none', warnings: [1] },
      'warnings[0]',
    ],
    [{ ok: true }, 'type'],
  ])(
    'the host refuses %j from its supervisor with the typed error and stops it',
    async (reply, field) => {
      const { client, child } = clientOf(reply)
      const exited = new Promise((resolve) => child.once('exit', resolve))
      await expect(client.request(0, { type: 'init', options: {} })).rejects.toMatchObject({
        code: 'RUNINK_PROTOCOL_MALFORMED',
        details: { where: 'supervisor message (supervisor → host)', field },
      })
      await exited
      await expect(client.launch({ command: ['true'] })).rejects.toMatchObject({
        code: 'RUNINK_SANDBOX_SUPERVISOR_DIED',
      })
    },
  )
})
