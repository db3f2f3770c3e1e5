import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalLauncher, type LocalLauncher } from './local-launcher.js'
import { findHostTools } from './sandbox-backend.js'
import { runToEnd, testedBackends } from './testing/sandbox-backends.js'
import { sliceUser } from './slice-user.js'
import { unprivileged, unprivilegedUid } from './testing/unprivileged.js'

// Attacks a hostile step tries from inside its slice, on every backend this host has, with the
// launcher running as root (as `runi` does when run as root), then as an unprivileged user.
const tools = findHostTools()
const backends = testedBackends
const root = process.geteuid?.() === 0
const PYTHON = '/usr/bin/python3'
const KEYCTL = process.arch === 'x64' ? 250 : 219

const run = runToEnd

interface HostProcess {
  readonly pid: number
  readonly uid: number
  /** Read from the host: inside-id host-id count. */
  readonly uidMap: string
  /** In a user namespace other than the host's (the slice itself, not bwrap outside it). */
  readonly namespaced: boolean
}

/** Host processes whose command line contains `token`, with their host uid and uid_map. */
function hostProcessesWith(token: string): HostProcess[] {
  const found: HostProcess[] = []
  const hostNs = readlinkSync('/proc/self/ns/user')
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (!cmdline.includes(token)) continue
      const status = readFileSync(`/proc/${entry}/status`, 'utf8')
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1])
      found.push({
        pid: Number(entry),
        uid,
        uidMap: readFileSync(`/proc/${entry}/uid_map`, 'utf8'),
        namespaced: readlinkSync(`/proc/${entry}/ns/user`) !== hostNs,
      })
    } catch {
      // gone meanwhile
    }
  }
  return found
}

/** Python with ctypes: one call, printing the errno name it failed with (or "ok"). */
function pythonCall(call: string): string {
  return `import ctypes, errno
libc = ctypes.CDLL(None, use_errno=True)
r = ${call}
print("ok" if r >= 0 else errno.errorcode[ctypes.get_errno()])`
}

it('has python3 on the host for the ptrace, mount and keyctl probes', () => {
  expect(existsSync(PYTHON)).toBe(true)
})

describe.each(backends)('hardened sandbox (%s)', (backend) => {
  let launcher: LocalLauncher
  let stagingRoot: string

  beforeAll(() => {
    stagingRoot = mkdtempSync(join(tmpdir(), 'runink-hardening-test-'))
    chmodSync(stagingRoot, 0o711)
    launcher = createLocalLauncher({ backend, stagingRoot })
  })
  afterAll(async () => {
    await launcher.close()
    rmSync(stagingRoot, { recursive: true, force: true })
  })

  it('runs as the runink-slice account when root, else as the caller; never as host uid 0', async () => {
    // As root the launcher runs slices as the slice account; as a user, as that user.
    const expected = root ? sliceUser()?.uid : process.getuid?.()
    expect(expected).toBeGreaterThan(0)
    const token = `runink-uid-probe-${randomUUID()}`
    const slice = await launcher.launch({
      command: ['/bin/sh', '-c', `echo ready; sleep 30; echo ${token}`],
    })
    let stdout = ''
    await new Promise<void>((resolve) =>
      slice.stdout.on('data', (d: Buffer) => {
        stdout += d.toString()
        if (stdout.includes('ready')) resolve()
      }),
    )
    const seen = hostProcessesWith(token)
    slice.kill('killed')
    await slice.wait()
    expect(seen.filter((p) => p.namespaced).length, JSON.stringify(seen)).toBeGreaterThan(0)
    for (const process of seen) {
      expect(process.uid).toBe(expected)
      if (!process.namespaced) continue
      // The namespace maps its ids onto the account, never onto host uid 0.
      const [, hostId] = process.uidMap.trim().split(/\s+/).map(Number)
      expect(hostId).toBe(expected)
    }
  })

  it('cannot write /proc/sys (core_pattern written back unchanged) and sees no /proc/keys', async () => {
    const current = readFileSync('/proc/sys/kernel/core_pattern', 'utf8')
    const code = `const fs = require('fs')
      const attempt = (f) => { try { f(); return 'ok' } catch (e) { return e.code } }
      const read = (p) => { try { return fs.readFileSync(p, 'utf8') } catch (e) { return e.code } }
      console.log(JSON.stringify({
        corePattern: attempt(() => fs.writeFileSync('/proc/sys/kernel/core_pattern', ${JSON.stringify(current)})),
        keys: read('/proc/keys'),
        timerList: read('/proc/timer_list'),
      }))`
    const { exit, stdout } = await run(launcher, { command: ['node', '-e', code] })
    expect(exit.reason).toBe('ok')
    const seen = JSON.parse(stdout) as Record<string, string>
    expect(seen.corePattern).toBe('EROFS')
    // Covered: empty (unshare binds /dev/null) or unreadable (bwrap's binds are nodev).
    expect(['', 'EACCES', 'ENOENT']).toContain(seen.keys)
    expect(['', 'EACCES', 'ENOENT']).toContain(seen.timerList)
    expect(readFileSync('/proc/sys/kernel/core_pattern', 'utf8')).toBe(current)
  })

  it('writes a setuid file in staging that is not setuid-root on the host; staging is nosuid,nodev', async () => {
    const code = `const fs = require('fs')
      fs.copyFileSync('/bin/sh', 'suid-sh')
      fs.chmodSync('suid-sh', 0o4755)
      const line = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\\n').find((l) => l.split(' ')[4] === process.cwd())
      console.log(line.split(' ')[5])`
    const { exit, stdout, slice } = await run(launcher, { command: ['node', '-e', code] })
    expect(exit.reason).toBe('ok')
    expect(stdout.trim().split(',')).toEqual(expect.arrayContaining(['nosuid', 'nodev']))
    const written = statSync(join(slice.stagingDir, 'suid-sh'))
    expect(written.uid).not.toBe(0)
    expect(written.uid === 0 && (written.mode & 0o4000) !== 0).toBe(false)
    rmSync(slice.stagingDir, { recursive: true, force: true })
  })

  it('cannot ptrace the sandbox PID 1, mount, or make a user namespace', async () => {
    const probes = {
      ptrace: pythonCall('libc.ptrace(16, 1, 0, 0)'), // PTRACE_ATTACH
      mount: pythonCall('libc.mount(b"none", b"/tmp", b"tmpfs", 0, None)'),
    }
    for (const [name, code] of Object.entries(probes)) {
      const { exit, stdout } = await run(launcher, {
        command: [PYTHON, '-c', code],
        limits: { timeoutMs: 10_000 },
      })
      expect([name, exit.reason]).toEqual([name, 'ok'])
      expect([name, stdout.trim()]).toEqual([name, 'EPERM'])
    }
    const nested = await run(launcher, {
      command: ['/bin/sh', '-c', 'unshare -U true && echo made || echo refused'],
    })
    expect(nested.stdout.trim()).toBe('refused')
  })

  it('is under the seccomp filter (unshare loads it with perl; without perl it says so)', async () => {
    const filtered = backend === 'bwrap' || tools.perl !== undefined
    // keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0); clone3(NULL, 0).
    const keyctl = await run(launcher, {
      command: [PYTHON, '-c', pythonCall(`libc.syscall(${KEYCTL}, 0, -3, 0)`)],
    })
    const clone3 = await run(launcher, {
      command: [PYTHON, '-c', pythonCall('libc.syscall(435, None, 0)')],
    })
    const status = await run(launcher, { command: ['/bin/grep', '^Seccomp:', '/proc/self/status'] })
    if (filtered) {
      expect(keyctl.stdout.trim()).toBe('EPERM')
      expect(clone3.stdout.trim()).toBe('ENOSYS')
      expect(status.stdout).toMatch(/Seccomp:\s+2/)
      expect(launcher.warnings.join('\n')).not.toMatch(/seccomp/)
    } else {
      expect(status.stdout).toMatch(/Seccomp:\s+0/)
      expect(launcher.warnings.join('\n')).toMatch(/without a seccomp filter/)
    }
  })
})

describe.each(backends)('sandbox as an unprivileged user (%s)', (backend) => {
  let work: string
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'runink-unprivileged-test-'))
    chmodSync(work, 0o755)
    await build({
      entryPoints: [fileURLToPath(new URL('./local-launcher.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: join(work, 'launcher.mjs'),
      logLevel: 'error',
    })
  })
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it('maps the slice to the calling user, who is not root', async () => {
    const token = `runink-unpriv-probe-${randomUUID()}`
    const script = `import { createLocalLauncher } from ${JSON.stringify(join(work, 'launcher.mjs'))}
const launcher = createLocalLauncher({ backend: ${JSON.stringify(backend)}, seeds: 0 })
const slice = await launcher.launch({ command: ['/bin/sh', '-c', 'echo ready; sleep 30; echo ${token}'] })
slice.stdout.pipe(process.stdout)
process.stdin.once('data', async () => { slice.kill('killed'); await slice.wait(); await launcher.close(); process.exit(0) })`
    writeFileSync(join(work, 'probe.mjs'), script, { mode: 0o644 })
    const child = spawn(...unprivileged([process.execPath, join(work, 'probe.mjs')]), {
      cwd: '/',
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const ready = await new Promise<boolean>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString()
        if (stdout.includes('ready')) resolve(true)
      })
      child.once('exit', () => resolve(false))
    })
    expect([ready, stderr]).toEqual([true, ''])
    const seen = hostProcessesWith(token)
    child.stdin.write('done\n')
    await new Promise((resolve) => child.once('exit', resolve))
    expect(seen.filter((p) => p.namespaced).length, JSON.stringify(seen)).toBeGreaterThan(0)
    const caller = unprivilegedUid()
    expect(caller).toBeGreaterThan(0)
    for (const process of seen) {
      expect(process.uid).toBe(caller)
      if (!process.namespaced) continue
      const [, hostId] = process.uidMap.trim().split(/\s+/).map(Number)
      expect(hostId).toBe(caller)
    }
  })
})

// Hiding bwrap and unshare from the launcher takes a mount namespace of root's own.
describe.runIf(root)('a sandbox this host cannot give, as root', () => {
  let work: string
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'runink-fallback-test-'))
    chmodSync(work, 0o755)
    await build({
      entryPoints: [fileURLToPath(new URL('./local-launcher.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: join(work, 'launcher.mjs'),
      logLevel: 'error',
    })
  })
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it('falls back to a plain process that still runs as the slice account, not root', async () => {
    const account = sliceUser()
    const token = `runink-fallback-probe-${randomUUID()}`
    const script = `import { createLocalLauncher } from ${JSON.stringify(join(work, 'launcher.mjs'))}
const launcher = createLocalLauncher({ seeds: 0 })
console.log(JSON.stringify({ backend: launcher.backend, warned: launcher.warnings.some((w) => w.startsWith('SLICES ARE NOT ISOLATED')) }))
const slice = await launcher.launch({ command: ['/bin/sh', '-c', 'echo ready; sleep 30; echo ${token}'] })
slice.stdout.pipe(process.stdout)
process.stdin.once('data', async () => { slice.kill('killed'); await slice.wait(); await launcher.close(); process.exit(0) })`
    writeFileSync(join(work, 'probe.mjs'), script, { mode: 0o644 })
    // A private mount namespace (still host root) where bwrap and unshare are not executable.
    const hide =
      'mount --bind /dev/null "$1" && mount --bind /dev/null "$2" && shift 2 && exec "$@"'
    const child = spawn(
      tools.unshare ?? 'unshare',
      ['--mount', '--propagation', 'private', '--', '/bin/sh', '-c', hide, 'hide'].concat(
        tools.bwrap ?? '/usr/bin/bwrap',
        tools.unshare ?? '/usr/bin/unshare',
        process.execPath,
        join(work, 'probe.mjs'),
      ),
      { cwd: '/', stdio: ['pipe', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const ready = await new Promise<boolean>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString()
        if (stdout.includes('ready')) resolve(true)
      })
      child.once('exit', () => resolve(false))
    })
    expect([ready, stderr]).toEqual([true, ''])
    const seen = hostProcessesWith(token)
    child.stdin.write('done\n')
    await new Promise((resolve) => child.once('exit', resolve))
    expect(JSON.parse(stdout.split('\n')[0] ?? '')).toEqual({ backend: 'process', warned: true })
    expect(seen.length).toBeGreaterThan(0)
    for (const process of seen) expect(process.uid).toBe(account?.uid)
  })
})
