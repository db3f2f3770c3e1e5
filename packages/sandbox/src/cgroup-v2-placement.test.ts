import { spawn, spawnSync } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCgroupMounts, type V2Placement } from './cgroup-host.js'

// These run a child process in a cgroup of this machine's real cgroup v2 hierarchy (the unified
// mount of a hybrid host like this one, or /sys/fs/cgroup on a v2 host), with whatever v2
// controllers it offers, as root and as an unprivileged uid.
const mount = parseCgroupMounts(readFileSync('/proc/self/mountinfo', 'utf8')).find(
  (m) => m.version === 2 && m.root === '/',
)
const controllers =
  mount === undefined
    ? []
    : readFileSync(path.join(mount.mountPoint, 'cgroup.controllers'), 'utf8').trim().split(/\s+/)
const usable = mount !== undefined && controllers[0] !== '' && process.getuid?.() === 0
const NOBODY = 65534
const builtHost = fileURLToPath(new URL('../dist/cgroup-host.js', import.meta.url))

const CHILD = `
import { readFileSync } from 'node:fs'
import { parseCgroupMounts, parseProcCgroup, placeV2Parent } from ${JSON.stringify(builtHost)}
const [name, controllers] = process.argv.slice(2)
const mount = parseCgroupMounts(readFileSync('/proc/self/mountinfo', 'utf8')).find((m) => m.version === 2 && m.root === '/')
const own = parseProcCgroup(readFileSync('/proc/self/cgroup', 'utf8')).get('') ?? '/'
const placed = placeV2Parent(mount, own, name, controllers.split(','), process.getuid())
const now = parseProcCgroup(readFileSync('/proc/self/cgroup', 'utf8')).get('')
console.log(JSON.stringify({ placed, own, now }))
`

describe.runIf(usable)('cgroup v2 parent for slices, on this machine', () => {
  const top = mount?.mountPoint ?? ''
  const name = `runink-v2-test-${process.pid}`
  const base = path.join(top, `${name}-cases`)
  let dir: string
  let child: string
  let rootControls: string
  beforeAll(() => {
    rootControls = readFileSync(path.join(top, 'cgroup.subtree_control'), 'utf8').trim()
    dir = mkdtempSync(path.join(tmpdir(), 'runink-v2-'))
    chmodSync(dir, 0o755)
    child = path.join(dir, 'child.mjs')
    writeFileSync(child, CHILD, { mode: 0o644 })
    mkdirSync(base)
  })
  afterAll(() => {
    removeTree(base)
    removeTree(path.join(top, name))
    // Leave the hierarchy's root handing out what it did before.
    const now = readFileSync(path.join(top, 'cgroup.subtree_control'), 'utf8').trim().split(/\s+/)
    const extra = now.filter((c) => c !== '' && !rootControls.split(/\s+/).includes(c))
    if (extra.length > 0)
      writeFileSync(path.join(top, 'cgroup.subtree_control'), extra.map((c) => `-${c}`).join(' '))
    rmSync(dir, { recursive: true, force: true })
  })

  /** Runs the child in cgroup `cg` (a path under the mount) as `uid`. */
  async function placeFrom(
    cg: string,
    uid = 0,
  ): Promise<{ placed: V2Placement; own: string; now: string }> {
    const as = uid === 0 ? [] : ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups']
    const script = `echo $$ > ${path.join(top, cg, 'cgroup.procs')} && exec ${[...as, process.execPath, child, name, controllers.join(',')].join(' ')}`
    const proc = spawn('/bin/sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()))
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const code = await new Promise<number | null>((ok) => proc.on('close', ok))
    if (code !== 0) throw new Error(`child exited ${code}: ${err}`)
    return JSON.parse(out) as { placed: V2Placement; own: string; now: string }
  }

  /** A cgroup like a login session: the child and another process live in it. */
  function session(cg: string): () => void {
    mkdirSync(path.join(top, cg), { recursive: true })
    const other = spawn('sleep', ['60'], { stdio: 'ignore' })
    writeFileSync(path.join(top, cg, 'cgroup.procs'), String(other.pid))
    return () => other.kill('SIGKILL')
  }

  it('as root in the hierarchy root: its own cgroup', async () => {
    const { placed } = await placeFrom('')
    expect(placed).toEqual({ parent: path.join(top, name), how: 'own' })
    expect(subtreeControl(path.join(top, name))).toEqual(controllers)
    removeTree(path.join(top, name))
  })

  it('as root in a session cgroup with other processes: the top of the hierarchy', async () => {
    const cg = `${name}-cases/session`
    const stop = session(cg)
    try {
      const { placed, now } = await placeFrom(cg)
      expect(placed).toEqual({ parent: path.join(top, name), how: 'top' })
      // The session was left as it was: no cgroup made in it, the child not moved.
      expect(existsSync(path.join(top, cg, name))).toBe(false)
      expect(now).toBe(`/${cg}`)
      // Slices under that parent get the controllers, and a process can join one.
      const slice = path.join(top, name, 's-1')
      mkdirSync(slice)
      expect(readFileSync(path.join(slice, 'cgroup.controllers'), 'utf8').trim()).toBe(
        controllers.join(' '),
      )
      const joined = spawnSync(
        '/bin/sh',
        ['-c', `echo $$ > ${slice}/cgroup.procs && cat /proc/self/cgroup`],
        {
          encoding: 'utf8',
        },
      )
      expect(joined.stdout).toContain(`0::/${name}/s-1`)
    } finally {
      stop()
      removeTree(path.join(top, name))
    }
  })

  it('as a user in a cgroup not delegated to it: says how to delegate, changes nothing', async () => {
    const cg = `${name}-cases/foreign`
    const stop = session(cg)
    try {
      const { placed, now } = await placeFrom(cg, NOBODY)
      expect('problem' in placed ? placed.problem : placed).toMatch(
        /is not delegated to Runink .*systemd-run --user --scope -p Delegate=yes/,
      )
      expect(now).toBe(`/${cg}`)
      expect(existsSync(path.join(top, cg, `${name}-procs`))).toBe(false)
      expect(existsSync(path.join(top, name))).toBe(false)
    } finally {
      stop()
    }
  })

  it('as a user in a cgroup delegated to it: moves its processes to a leaf and hands out controllers', async () => {
    const cg = `${name}-cases/delegated`
    const stop = session(cg)
    // What systemd does for Delegate=yes: the cgroup and its control files belong to the user.
    writeFileSync(
      path.join(top, `${name}-cases`, 'cgroup.subtree_control'),
      controllers.map((c) => `+${c}`).join(' '),
    )
    writeFileSync(
      path.join(top, 'cgroup.subtree_control'),
      controllers.map((c) => `+${c}`).join(' '),
    )
    const delegated = path.join(top, cg)
    for (const f of ['', 'cgroup.procs', 'cgroup.subtree_control', 'cgroup.threads'])
      chownSync(path.join(delegated, f), NOBODY, NOBODY)
    try {
      const { placed, now } = await placeFrom(cg, NOBODY)
      expect(placed).toEqual({ parent: path.join(delegated, name), how: 'delegated' })
      // Every process of the delegated cgroup (the child and the other one) now in the leaf.
      expect(now).toBe(`/${cg}/${name}-procs`)
      expect(readFileSync(path.join(delegated, 'cgroup.procs'), 'utf8')).toBe('')
      expect(subtreeControl(path.join(delegated, name))).toEqual(controllers)
    } finally {
      stop()
    }
  })
})

function subtreeControl(dir: string): string[] {
  return readFileSync(path.join(dir, 'cgroup.subtree_control'), 'utf8').trim().split(/\s+/)
}

/** Removes a cgroup and the cgroups below it (their processes must be gone). */
function removeTree(dir: string): void {
  if (!existsSync(dir)) return
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    if (entry.isDirectory()) removeTree(path.join(dir, entry.name))
  for (let i = 0; i < 50; i++) {
    try {
      rmdirSync(dir)
      return
    } catch {
      spawnSync('sleep', ['0.02'])
    }
  }
}
