import { spawnSync } from 'node:child_process'
import { rmdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cgroupDir, parseCgroupMounts, parseProcCgroup, probeCgroupHost } from './cgroup-host.js'
import { counter } from './slice-cgroup.js'
import { testsRunAsRoot } from './testing/unprivileged.js'

const HYBRID = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw`
const V2 = `29 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate`

describe('cgroup host detection', () => {
  it('reads v1 hierarchies with their controllers and the v2 mount', () => {
    const mounts = parseCgroupMounts(HYBRID)
    expect(mounts.map((m) => [m.mountPoint, m.version])).toEqual([
      ['/sys/fs/cgroup/memory', 1],
      ['/sys/fs/cgroup/pids', 1],
      ['/sys/fs/cgroup/cpu,cpuacct', 1],
      ['/sys/fs/cgroup/unified', 2],
    ])
    expect(mounts[2]?.controllers).toContain('cpu')
    expect(parseCgroupMounts(V2)).toEqual([
      { mountPoint: '/sys/fs/cgroup', root: '/', version: 2, controllers: [] },
    ])
  })

  it('finds this process in each hierarchy, allowing for sub-tree mounts', () => {
    const own = parseProcCgroup(
      '4:memory:/process_api/55dc\n2:cpu,cpuacct:/\n0::/user.slice/x.scope\n',
    )
    expect(own.get('memory')).toBe('/process_api/55dc')
    expect(own.get('cpuacct')).toBe('/')
    expect(own.get('')).toBe('/user.slice/x.scope')
    const mount = {
      mountPoint: '/sys/fs/cgroup/memory',
      root: '/docker/abc',
      version: 1 as const,
      controllers: ['memory'],
    }
    expect(cgroupDir(mount, '/docker/abc/sub')).toBe('/sys/fs/cgroup/memory/sub')
  })

  it('reads flat-keyed counters', () => {
    expect(counter('oom_kill_disable 0\nunder_oom 0\noom_kill 2\n', 'oom_kill')).toBe(2)
    expect(counter('max 0\n', 'max')).toBe(0)
  })

  // Root prepares the parent; a user finds it made by root (below) or needs a delegated cgroup.
  it.runIf(testsRunAsRoot)('prepares a per-host parent on this machine (root; v1 or v2)', () => {
    const probe = probeCgroupHost('runink-test')
    expect(probe.host?.parents.memory).toMatch(/runink-test$/)
    expect(probe.host?.parents.pids).toMatch(/runink-test$/)
    for (const dir of new Set(Object.values(probe.host?.parents ?? {}))) rmdirSync(dir)
  })

  it.runIf(testsRunAsRoot)(
    "leaves cgroups alone, with a warning, when the parent is another user's",
    () => {
      // Made by root (this test), probed by nobody: it exists but is not nobody's to fill.
      const probe = probeCgroupHost('runink-test-foreign')
      const built = fileURLToPath(new URL('../dist/cgroup-host.js', import.meta.url))
      const script = `import { probeCgroupHost } from ${JSON.stringify(built)}
console.log(JSON.stringify(probeCgroupHost('runink-test-foreign')))`
      const result = spawnSync(
        'runuser',
        ['-u', 'nobody', '--', process.execPath, '--input-type=module', '-e', script],
        { encoding: 'utf8', cwd: '/' },
      )
      for (const dir of new Set(Object.values(probe.host?.parents ?? {}))) rmdirSync(dir)
      expect(result.stderr).toBe('')
      const seen = JSON.parse(result.stdout) as { host?: unknown; warning?: string }
      expect(seen.host).toBeUndefined()
      // cgroup v1: the parent is named; v2 refuses an undelegated user before that (placeV2Parent).
      if (probe.host?.version === 1)
        expect(seen.warning).toMatch(
          /^cannot create cgroups \(memory: \/sys\/fs\/cgroup\/\S*runink-test-foreign is not writable by this user;.*\): limits are rlimits only$/,
        )
      else expect(seen.warning).toMatch(/memory, CPU and pids not enforced$/)
    },
  )
})
