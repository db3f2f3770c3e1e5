import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isRuninkError } from '@runink/core'
import {
  appliedIsolation,
  checkLimitsEnforceable,
  enforcedControllers,
  unenforcedRequest,
} from './limits-enforcement.js'
import { unprivileged } from './testing/unprivileged.js'

const MiB = 1024 * 1024

describe('limits enforcement', () => {
  it('records -rlimits unless memory, cpu and pids are all enforced by cgroups', () => {
    expect(appliedIsolation('sandbox', ['memory', 'pids', 'cpu'])).toBe('sandbox')
    expect(appliedIsolation('sandbox', [])).toBe('sandbox-rlimits')
    expect(appliedIsolation('sandbox', ['memory', 'pids'])).toBe('sandbox-rlimits')
    expect(appliedIsolation('process', [])).toBe('process-rlimits')
    expect(appliedIsolation('none', [])).toBe('none')
    expect(enforcedControllers(undefined)).toEqual([])
    expect(enforcedControllers({ version: 1, parents: { memory: '/m', cpu: '/c' } })).toEqual([
      'memory',
      'cpu',
    ])
  })

  it('refuses explicit limits no controller enforces, naming them, what is missing and the fix', () => {
    expect(unenforcedRequest({ memoryBytes: 256 * MiB, cpuMillis: 500 }, ['cpu'])).toEqual([
      'memory 256Mi',
    ])
    expect(unenforcedRequest({ timeoutMs: 1000 }, [])).toEqual([])
    let error: unknown
    try {
      checkLimitsEnforceable({ memoryBytes: 256 * MiB, cpuMillis: 500 }, [], 'no cgroups', false)
    } catch (caught) {
      error = caught
    }
    expect(isRuninkError(error) && error.code).toBe('RUNINK_SANDBOX_LIMITS_UNENFORCED')
    expect((error as Error).message).toBe(
      'the stage asks for memory 256Mi, cpu 500m, which this host cannot enforce: no cgroups; ' +
        'fix: run as root (cgroup v1 or v2), or on cgroup v2 inside a delegated scope ' +
        '(systemd-run --user --scope -p Delegate=yes runi run …), or pass --allow-unenforced-limits to run without them',
    )
    expect(() => checkLimitsEnforceable({ memoryBytes: MiB }, [], 'no cgroups', true)).not.toThrow()
  })

  it('as an unprivileged user (no cgroups): refuses a 256Mi stage, and records sandbox-rlimits when allowed', () => {
    // The launcher as built, run as nobody: the security probe's 256Mi stage held 1 GiB so.
    const built = fileURLToPath(new URL('../dist/local-launcher.js', import.meta.url))
    const script = `import { createLocalLauncher } from ${JSON.stringify(built)}
const out = {}
const strict = createLocalLauncher({ seeds: 0 })
out.isolation = strict.isolation
try {
  await strict.launch({ command: ['/bin/true'], limits: { memoryBytes: 256 * 1024 * 1024 } })
} catch (e) { out.refused = e.code }
await strict.close()
const lax = createLocalLauncher({ seeds: 0, allowUnenforcedLimits: true })
const slice = await lax.launch({
  command: ['node', '-e', 'const k = []; for (let i = 0; i < 8; i++) k.push(Buffer.alloc(64 * 1024 * 1024, 1)); console.log(k.length * 64)'],
  limits: { memoryBytes: 256 * 1024 * 1024 },
})
let held = ''
slice.stdout.on('data', (d) => (held += d))
slice.stderr.resume()
const exit = await slice.wait()
out.allowed = { reason: exit.reason, isolation: exit.isolation, heldMiB: Number(held) }
await lax.close()
console.log(JSON.stringify(out))`
    const result = spawnSync(
      ...unprivileged([process.execPath, '--input-type=module', '-e', script]),
      { encoding: 'utf8', cwd: '/', timeout: 60_000 },
    )
    expect(result.stderr).toBe('')
    const seen = JSON.parse(result.stdout) as {
      isolation: string
      refused?: string
      allowed: { reason: string; isolation: string; heldMiB: number }
    }
    expect(seen.isolation).toMatch(/-rlimits$/)
    expect(seen.refused).toBe('RUNINK_SANDBOX_LIMITS_UNENFORCED')
    // Allowed, it runs past its "limit": recorded as what it was, never as plain sandbox.
    expect(seen.allowed).toEqual({ reason: 'ok', isolation: seen.isolation, heldMiB: 512 })
  }, 90_000)
})
