import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalLauncher, type LocalLauncher } from './local-launcher.js'
import { runToEnd, testedBackends } from './testing/sandbox-backends.js'
import { systemView } from './system-view.js'
import type { LaunchRequest } from './slice-launcher.js'
import { cgroupsEnforce, expectedIsolation } from './testing/unprivileged.js'

const backends = testedBackends
const MiB = 1024 * 1024
const UNENFORCED = 'RUNINK_SANDBOX_LIMITS_UNENFORCED'

it('has at least one sandbox backend to test', () => {
  expect(backends.length).toBeGreaterThan(0)
})

const run = runToEnd

function node(code: string, extra: Partial<LaunchRequest> = {}): LaunchRequest {
  return { command: ['node', '-e', code], ...extra }
}

function hostCanReach(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy()
      resolve(true)
    })
    socket.on('error', () => resolve(false))
  })
}

function hostProcessCount(): number {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).length
}

describe.each(backends)('sandbox (%s)', (backend) => {
  let launcher: LocalLauncher
  let outside: string
  let inputs: string
  let secret: string
  let stagingRoot: string

  beforeAll(() => {
    stagingRoot = mkdtempSync(join(tmpdir(), 'runink-staging-test-'))
    // As root, slices run as the slice account: it must reach its staging and its inputs.
    chmodSync(stagingRoot, 0o711)
    launcher = createLocalLauncher({ backend, stagingRoot })
    // Outside every mount (not under /tmp, /usr or the inputs): the slice must not see it.
    outside = mkdtempSync('/var/tmp/runink-host-')
    secret = join(outside, 'secret.txt')
    writeFileSync(secret, 'host secret')
    inputs = mkdtempSync(join(tmpdir(), 'runink-inputs-'))
    chmodSync(inputs, 0o755)
    writeFileSync(join(inputs, 'in.csv'), 'a,b\n1,2\n')
  })
  afterAll(async () => {
    await launcher.close()
    rmSync(outside, { recursive: true, force: true })
    rmSync(inputs, { recursive: true, force: true })
    rmSync(stagingRoot, { recursive: true, force: true })
  })

  it('records real isolation and runs as nobody with no_new_privs in its own PID namespace', async () => {
    expect(launcher.isolation).toBe(expectedIsolation('sandbox'))
    const { exit, stdout } = await run(launcher, {
      command: [
        '/bin/sh',
        '-c',
        'id -u; grep NoNewPrivs /proc/self/status; grep CapEff /proc/self/status; ls /proc | grep -c "^[0-9]"',
      ],
    })
    expect(exit).toMatchObject({
      reason: 'ok',
      exitCode: 0,
      isolation: expectedIsolation('sandbox'),
    })
    const [uid, nnp, caps, pids] = stdout.trim().split('\n')
    expect(uid).toBe('65534')
    expect(nnp).toMatch(/NoNewPrivs:\s+1/)
    expect(caps).toMatch(/CapEff:\s+0+$/)
    // Only the slice's own processes are visible, not the host's hundreds.
    expect(Number(pids)).toBeLessThan(10)
  })

  it('cannot read a host file outside its mounts, but reads its inputs', async () => {
    const code = `const fs = require('fs')
      const read = (p) => { try { return fs.readFileSync(p, 'utf8') } catch (e) { return e.code } }
      console.log(JSON.stringify({ secret: read(${JSON.stringify(secret)}), input: read(${JSON.stringify(join(inputs, 'in.csv'))}) }))`
    const { exit, stdout } = await run(launcher, node(code, { readOnly: [inputs] }))
    expect(exit.reason).toBe('ok')
    expect(JSON.parse(stdout)).toEqual({ secret: 'ENOENT', input: 'a,b\n1,2\n' })
  })

  it('sees only the listed /etc entries, read-only, with the host content', async () => {
    const code = `const fs = require('fs')
      const write = (p) => { try { fs.writeFileSync(p, 'x'); return 'written' } catch (e) { return e.code } }
      console.log(JSON.stringify({ etc: fs.readdirSync('/etc').sort(), passwd: fs.readFileSync('/etc/passwd', 'utf8'),
        ssl: fs.readdirSync('/etc/ssl').length > 0, write: write('/etc/passwd'), add: write('/etc/new') }))`
    const { exit, stdout } = await run(launcher, node(code))
    expect(exit.reason).toBe('ok')
    const seen = JSON.parse(stdout) as Record<string, unknown>
    const expected = systemView().etc.map((e) => e.slice('/etc/'.length))
    expect(seen.etc).toEqual([...expected].sort())
    expect(seen.etc).not.toContain('shadow')
    expect(seen.passwd).toBe(readFileSync('/etc/passwd', 'utf8'))
    expect(seen.ssl).toBe(existsSync('/etc/ssl'))
    expect(seen.write).toBe('EROFS')
    expect(seen.add).toBe('EROFS')
  })

  it('writes only to its staging directory and private /tmp; the host is untouched', async () => {
    const code = `const fs = require('fs')
      const write = (p) => { try { fs.writeFileSync(p, 'x'); return 'written' } catch (e) { return e.code } }
      console.log(JSON.stringify({
        outside: write(${JSON.stringify(join(outside, 'pwned'))}),
        input: write(${JSON.stringify(join(inputs, 'pwned'))}),
        usr: write('/usr/pwned'),
        root: write('/pwned'),
        tmp: write('/tmp/runink-private-tmp-probe'),
        staging: write(process.cwd() + '/out.jsonl'),
      }))`
    const { exit, stdout, slice } = await run(launcher, node(code, { readOnly: [inputs] }))
    expect(exit.reason).toBe('ok')
    const result = JSON.parse(stdout) as Record<string, string>
    expect(result.outside).toMatch(/ENOENT|EROFS|EACCES/)
    expect(result.input).toMatch(/EROFS|EACCES/)
    expect(result.usr).toMatch(/EROFS|EACCES/)
    expect(result.root).toMatch(/EROFS|EACCES/)
    expect(result).toMatchObject({ tmp: 'written', staging: 'written' })
    expect(existsSync(join(outside, 'pwned'))).toBe(false)
    expect(existsSync(join(inputs, 'pwned'))).toBe(false)
    expect(existsSync('/usr/pwned')).toBe(false)
    expect(existsSync('/tmp/runink-private-tmp-probe')).toBe(false)
    expect(readdirSync(slice.stagingDir)).toEqual(['out.jsonl'])
    rmSync(slice.stagingDir, { recursive: true, force: true })
  })

  it('has no network unless granted: PostgreSQL on 127.0.0.1:5432 is out of reach', async () => {
    expect(await hostCanReach(5432)).toBe(true)
    const code = `const s = require('net').connect({ host: '127.0.0.1', port: 5432 }, () => { console.log('connected'); s.destroy() })
      s.on('error', (e) => console.log(e.code))`
    const denied = await run(launcher, node(code))
    expect(denied.exit.reason).toBe('ok')
    expect(denied.stdout.trim()).toMatch(/^(ECONNREFUSED|ENETUNREACH)$/)
    const granted = await run(launcher, node(code, { network: true }))
    expect(granted.stdout.trim()).toBe('connected')
    expect(await hostCanReach(5432)).toBe(true)
  })

  it('contains a fork bomb under its pids limit; the host keeps a sane process count', async () => {
    const before = hostProcessCount()
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, hostProcessCount())), 20)
    const bomb: LaunchRequest = {
      command: ['/bin/sh', '-c', 'f() { f | f & }; f; sleep 5'],
      limits: { pids: 32, timeoutMs: 2000 },
    }
    if (!cgroupsEnforce()) {
      clearInterval(sampler)
      // Nothing here could hold it (a user without a delegated cgroup): refused, never run.
      await expect(launcher.launch(bomb)).rejects.toMatchObject({ code: UNENFORCED })
      expect(hostProcessCount() - before).toBeLessThan(40)
      return
    }
    const { exit } = await run(launcher, bomb)
    clearInterval(sampler)
    expect(exit.reason).toBe('pids')
    expect(exit.message).toContain('hit its limit of 32 processes')
    // Other work shares this host, hence the slack; an uncontained bomb adds thousands.
    expect(peak - before).toBeLessThan(32 + 40)
    expect(hostProcessCount() - before).toBeLessThan(40)
  })

  it('kills a slice that allocates 2 GB under a 256Mi limit and says so', async () => {
    const code = `const keep = []; for (let i = 0; i < 32; i++) keep.push(Buffer.alloc(64 * 1024 * 1024, 1)); console.log('survived')`
    const hog = node(code, { limits: { memoryBytes: 256 * MiB } })
    if (!cgroupsEnforce()) {
      // No memory cgroup for this user: the launch is refused rather than run unlimited.
      await expect(launcher.launch(hog)).rejects.toMatchObject({ code: UNENFORCED })
      return
    }
    const { exit, stdout } = await run(launcher, hog)
    expect(exit.reason).toBe('memory')
    expect(exit.message).toBe('exceeded its memory limit of 256Mi')
    expect(stdout).not.toContain('survived')
    expect(exit.peakMemoryBytes).toBeGreaterThan(200 * MiB)
    expect(exit.peakMemoryBytes).toBeLessThanOrEqual(256 * MiB)
  })

  it('stops a slice that loops forever after its timeout', async () => {
    const { exit } = await run(launcher, node('for (;;) {}', { limits: { timeoutMs: 2000 } }))
    expect(exit.reason).toBe('timeout')
    expect(exit.message).toBe('timed out after 2s')
    expect(exit.durationMs).toBeGreaterThanOrEqual(1990)
    expect(exit.durationMs).toBeLessThan(5000)
  })

  it('dies at once when it kills itself (it is not PID 1 of its namespace)', async () => {
    const code = "process.kill(process.pid, 'SIGKILL'); setTimeout(() => {}, 10000)"
    const { exit } = await run(launcher, node(code, { limits: { timeoutMs: 8000 } }))
    expect(exit.reason).toBe('failed')
    expect(exit.durationMs).toBeLessThan(5000)
  })

  it('a SIGKILL in the middle of writing leaves nothing outside staging', async () => {
    const target = join(outside, 'partial.jsonl')
    const code = `const fs = require('fs')
      const fd = fs.openSync('out.jsonl', 'w')
      try { fs.writeFileSync(${JSON.stringify(target)}, 'leak') } catch {}
      const s = new (require('net').Socket)({ fd: 3, readable: true, writable: true })
      s.write('{"writing":true}\\n')
      for (;;) fs.writeSync(fd, '{"record":1}\\n')`
    const slice = await launcher.launch(node(code))
    await new Promise((resolve) => slice.onMessage(resolve))
    slice.kill()
    const exit = await slice.wait()
    expect(exit.reason).toBe('killed')
    expect(readdirSync(outside)).toEqual(['secret.txt'])
    expect(readdirSync(slice.stagingDir)).toEqual(['out.jsonl'])
    rmSync(slice.stagingDir, { recursive: true, force: true })
  })
})

describe('process and none modes', () => {
  it('report their isolation honestly and still enforce the timeout', async () => {
    const stagingRoot = mkdtempSync(join(tmpdir(), 'runink-staging-test-'))
    const plain = createLocalLauncher({ mode: 'process', stagingRoot })
    expect(plain.isolation).toBe(expectedIsolation('process'))
    const { exit, stdout } = await run(
      plain,
      node('console.log(require("fs").existsSync("/var"))', { limits: { timeoutMs: 5000 } }),
    )
    expect(exit).toMatchObject({ reason: 'ok', isolation: expectedIsolation('process') })
    expect(stdout.trim()).toBe('true')
    const looping = await run(plain, node('for (;;) {}', { limits: { timeoutMs: 500 } }))
    expect(looping.exit).toMatchObject({ reason: 'timeout', message: 'timed out after 500ms' })
    const none = createLocalLauncher({ mode: 'none', stagingRoot })
    expect(none.isolation).toBe('none')
    expect((await run(none, node('process.exit(3)'))).exit).toMatchObject({
      reason: 'failed',
      exitCode: 3,
      message: 'exited with code 3',
      isolation: 'none',
    })
    rmSync(stagingRoot, { recursive: true, force: true })
  })
})
