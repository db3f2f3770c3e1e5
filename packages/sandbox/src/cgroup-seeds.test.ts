import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { probeCgroupHost } from './cgroup-host.js'
import { createLocalLauncher } from './local-launcher.js'
import type { LocalSlice } from './local-slice.js'
import type { LaunchRequest } from './slice-launcher.js'
import { testsRunAsRoot } from './testing/unprivileged.js'

const NAME = 'runink-test-seeds'
const MiB = 1024 * 1024
const stagingRoot = mkdtempSync(join(tmpdir(), 'runink-seeds-test-'))
afterAll(() => rmSync(stagingRoot, { recursive: true, force: true }))

async function output(slice: LocalSlice) {
  let stdout = ''
  slice.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  const exit = await slice.wait()
  return { exit, stdout }
}

// Prints what the slice process sees of itself: its cgroups, environment and directory.
const REPORT = [
  'process.stdout.write(JSON.stringify({',
  "cgroups: require('fs').readFileSync('/proc/self/cgroup', 'utf8'),",
  "limits: require('fs').readFileSync('/proc/self/limits', 'utf8'),",
  'env: process.env, cwd: process.cwd() }))',
].join(' ')

// Seeds need cgroups this user may create: always so as root here; as a user, only where the
// system delegated a cgroup (the unprivileged CI pass on cgroup v1 has none).
const seedHost = probeCgroupHost(NAME).host
describe.runIf(testsRunAsRoot || seedHost !== undefined)('cgroup seeds (cgroups available)', () => {
  const host = seedHost
  const ownSlices = () =>
    [...new Set(Object.values(host?.parents ?? {}))].flatMap((dir) =>
      readdirSync(dir).filter((name) => name.startsWith(`s${process.pid}-`)),
    )

  it('start a slice in its own limited cgroup, with exactly its environment and directory', async () => {
    expect(host).toBeDefined()
    const launcher = createLocalLauncher({ mode: 'process', cgroupName: NAME, stagingRoot })
    await sleep(100)
    const request: LaunchRequest = {
      command: [process.execPath, '-e', REPORT],
      env: { RUNINK_X: "it's $HOME" },
      cwd: stagingRoot,
      limits: { openFiles: 77, maxFileBytes: 1024 * 1024 },
    }
    const slice = await launcher.launch(request)
    expect(slice.seeded).toBe(true)
    const { exit, stdout } = await output(slice)
    expect(exit.reason).toBe('ok')
    const seen = JSON.parse(stdout) as { cgroups: string; limits: string; env: object; cwd: string }
    // v1: a line per hierarchy (`4:memory:/…`); v2: the one unified line (`0::/…`).
    const lines = host?.version === 1 ? ['memory', 'pids'].map((c) => `:${c}[^:]*:`) : ['^0::']
    for (const line of lines)
      expect(seen.cgroups).toMatch(new RegExp(`${line}.*/${NAME}/${slice.id}$`, 'm'))
    expect(seen.env).toEqual({
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: '/tmp',
      TMPDIR: '/tmp',
      LANG: 'C.UTF-8',
      RUNINK_X: "it's $HOME",
    })
    expect(seen.cwd).toBe(stagingRoot)
    // Its rlimits: the launch's own (set by the seed's shell, or by prlimit).
    expect(seen.limits).toMatch(/^Max open files\s+77\s+77\s/m)
    expect(seen.limits).toMatch(/^Max file size\s+1048576\s+1048576\s/m)
    expect(seen.limits).toMatch(/^Max core file size\s+0\s+0\s/m)

    // The limits are the launch's own, written into the seed's cgroup before it execs.
    const hog = await launcher.launch({
      command: [process.execPath, '-e', 'const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1))'],
      limits: { memoryBytes: 128 * MiB, timeoutMs: 20_000 },
    })
    expect(hog.seeded).toBe(true)
    expect((await hog.wait()).message).toBe('exceeded its memory limit of 128Mi')
    await launcher.close()
    expect(ownSlices()).toEqual([])
  })

  it('fall back to spawning when seeds run out or the launch cannot travel as one line', async () => {
    const launcher = createLocalLauncher({ mode: 'process', cgroupName: NAME, stagingRoot })
    await sleep(100)
    const quick: LaunchRequest = {
      command: [process.execPath, '-e', 'console.log(process.pid > 0)'],
    }
    // Output is read from the moment of launch: a child's unread output is dropped at its exit.
    const started = async (request: LaunchRequest) => {
      const slice = await launcher.launch(request)
      return { seeded: slice.seeded, result: output(slice) }
    }
    // A launch whose environment cannot travel leaves the seed it took for the next one.
    const odd = await started({ ...quick, env: { 'NOT-A-NAME': '1' } })
    expect(odd.seeded).toBe(false)
    const runs = await Promise.all([1, 2, 3, 4].map(() => started(quick)))
    expect(runs.map((r) => r.seeded)).toEqual([true, true, false, false])
    for (const { exit, stdout } of await Promise.all([odd, ...runs].map((r) => r.result))) {
      expect(exit.reason).toBe('ok')
      expect(stdout.trim()).toBe('true')
    }
    // Closing kills the waiting seeds and removes their cgroups.
    await sleep(100)
    expect(ownSlices().length).toBeGreaterThan(0)
    await launcher.close()
    expect(ownSlices()).toEqual([])
    for (const dir of new Set(Object.values(host?.parents ?? {})))
      expect(readFileSync(join(dir, 'cgroup.procs'), 'utf8')).toBe('')
  })

  it('are cleaned up by close in a process with nothing else to keep it alive', () => {
    // A process of its own, from the built package (`npm test` builds first): waiting seeds do
    // not hold its event loop, so close() must hold it until they are gone.
    const built = fileURLToPath(new URL('../dist/local-launcher.js', import.meta.url))
    const script = `import { createLocalLauncher } from ${JSON.stringify(built)}
const launcher = createLocalLauncher({ mode: 'process', cgroupName: '${NAME}', stagingRoot: ${JSON.stringify(stagingRoot)} })
await new Promise((r) => setTimeout(r, 100))
await (await launcher.launch({ command: ['/bin/true'] })).wait()
await new Promise((r) => setTimeout(r, 100))
await launcher.close()
console.log('closed ' + process.pid)`
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    })
    const pid = /^closed (\d+)$/m.exec(result.stdout)?.[1]
    expect(pid).toBeDefined()
    for (const dir of new Set(Object.values(host?.parents ?? {})))
      expect(readdirSync(dir).filter((name) => name.startsWith(`s${pid}-`))).toEqual([])
  })
})
