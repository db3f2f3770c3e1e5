import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'

/** The controllers a slice is limited by. */
export const CGROUP_CONTROLLERS = ['memory', 'pids', 'cpu'] as const
export type CgroupController = (typeof CGROUP_CONTROLLERS)[number]

/** Where per-slice cgroups go: one parent (v2) or one parent per controller hierarchy (v1). */
export interface CgroupHost {
  readonly version: 1 | 2
  readonly parents: Partial<Record<CgroupController, string>>
}

/** One cgroup mount from /proc/self/mountinfo. */
export interface CgroupMount {
  readonly mountPoint: string
  readonly root: string
  readonly version: 1 | 2
  /** v1: the controllers this hierarchy carries; v2: empty (read cgroup.controllers). */
  readonly controllers: readonly string[]
}

/** The cgroup mounts listed in a mountinfo text. */
export function parseCgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = []
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ')
    if (left === undefined || right === undefined) continue
    const fields = left.split(' ')
    const [fstype, , superOptions = ''] = right.split(' ')
    const root = fields[3]
    const mountPoint = fields[4]
    if (root === undefined || mountPoint === undefined) continue
    if (fstype === 'cgroup2') mounts.push({ mountPoint, root, version: 2, controllers: [] })
    if (fstype === 'cgroup')
      mounts.push({ mountPoint, root, version: 1, controllers: superOptions.split(',') })
  }
  return mounts
}

/** This process's cgroup paths from /proc/self/cgroup: controller → path (`''` is v2). */
export function parseProcCgroup(text: string): Map<string, string> {
  const paths = new Map<string, string>()
  for (const line of text.split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line)
    if (match === null) continue
    for (const controller of (match[1] ?? '').split(',')) paths.set(controller, match[2] ?? '/')
  }
  return paths
}

/** The directory of `own` inside `mount`, allowing for a mount of a sub-tree (containers). */
export function cgroupDir(mount: CgroupMount, own: string): string {
  const inside =
    mount.root !== '/' && (own === mount.root || own.startsWith(`${mount.root}/`))
      ? own.slice(mount.root.length)
      : own
  return join(mount.mountPoint, inside)
}

/** The outcome of probing: a usable host, or a reason there is none. */
export type CgroupProbe =
  | { readonly host: CgroupHost; readonly warning?: string }
  | { readonly host?: undefined; readonly warning: string }

/**
 * Finds where this process may create per-slice cgroups and prepares `<own cgroup>/<name>`.
 * Prefers cgroup v2 when it carries the memory and pids controllers, else the v1 hierarchies.
 */
export function probeCgroupHost(name = 'runink'): CgroupProbe {
  let mounts: CgroupMount[]
  let own: Map<string, string>
  try {
    mounts = parseCgroupMounts(readFileSync('/proc/self/mountinfo', 'utf8'))
    own = parseProcCgroup(readFileSync('/proc/self/cgroup', 'utf8'))
  } catch {
    return { warning: 'cgroups are unavailable (no /proc/self/mountinfo): limits are rlimits only' }
  }
  const v2 = mounts.find((m) => m.version === 2)
  if (v2 !== undefined && v2Controllers(v2.mountPoint).includes('memory'))
    return prepareV2(v2, own.get('') ?? '/', name)
  if (mounts.some((m) => m.version === 1 && m.controllers.includes('memory')))
    return prepareV1(mounts, own, name)
  return {
    warning: 'no cgroup hierarchy with the memory controller: memory, CPU and pids not enforced',
  }
}

function v2Controllers(dir: string): string[] {
  try {
    return readFileSync(join(dir, 'cgroup.controllers'), 'utf8').trim().split(/\s+/)
  } catch {
    return []
  }
}

function prepareV2(mount: CgroupMount, own: string, name: string): CgroupProbe {
  const wanted = CGROUP_CONTROLLERS.filter((c) => v2Controllers(mount.mountPoint).includes(c))
  const placed = placeV2Parent(mount, own, name, wanted, process.getuid?.() ?? -1)
  if ('problem' in placed)
    return { warning: `${placed.problem}: memory, CPU and pids not enforced` }
  const parents: Partial<Record<CgroupController, string>> = {}
  for (const c of wanted) parents[c] = placed.parent
  return { host: { version: 2, parents }, ...missingWarning(parents, 2) }
}

/** Where a v2 parent for slices went, and how (see {@link placeV2Parent}). */
export type V2Placement =
  | { readonly parent: string; readonly how: 'own' | 'top' | 'delegated' }
  | { readonly problem: string }

/**
 * Makes `<somewhere>/<name>`, a cgroup v2 parent whose children (the slices) get `controllers`.
 * cgroup v2 lets a cgroup hand controllers to its children only if no process lives in it
 * (the root excepted), and the cgroup a command runs in (a login session, a service) always
 * has processes. So, in order:
 * - `own`: our own cgroup, when it is the root of the hierarchy (a container's cgroup
 *   namespace, or a process in the host's root cgroup);
 * - `top`: as root (uid 0), the top of the hierarchy, beside the system's own slices;
 * - `delegated`: not root, in a cgroup delegated to us (systemd-run --user --scope -p
 *   Delegate=yes): its processes, ours, move to the leaf `<name>-procs` so the cgroup may
 *   hand its controllers to the slices.
 * Otherwise a problem saying how to delegate. Nothing is left behind when a way fails.
 */
export function placeV2Parent(
  mount: CgroupMount,
  own: string,
  name: string,
  controllers: readonly string[],
  uid: number,
): V2Placement {
  const ownDir = cgroupDir(mount, own)
  const top = mount.mountPoint
  const failures: string[] = []
  const attempt = (dir: string, how: 'own' | 'top' | 'delegated'): V2Placement | undefined => {
    const parent = join(dir, name)
    const made = !existsSync(parent)
    try {
      enableControllers(dir, controllers)
      mkdirSync(parent, { recursive: true })
      enableControllers(parent, controllers)
      return { parent, how }
    } catch (error) {
      if (made) rmdirQuietly(parent)
      failures.push(`${dir}: ${(error as Error).message}`)
      return undefined
    }
  }
  const atTop = ownDir === top || ownDir === `${top}/`
  if (atTop) return attempt(top, 'own') ?? problemOf(ownDir, failures)
  if (uid === 0) return attempt(top, 'top') ?? problemOf(ownDir, failures)
  const leaf = join(ownDir, `${name}-procs`)
  const moved: string[] = []
  try {
    mkdirSync(leaf, { recursive: true })
    for (const pid of readFileSync(join(ownDir, 'cgroup.procs'), 'utf8').split('\n')) {
      if (pid === '') continue
      writeFileSync(join(leaf, 'cgroup.procs'), pid)
      moved.push(pid)
    }
  } catch (error) {
    failures.push(`${ownDir}: ${(error as Error).message}`)
  }
  const placed = failures.length === 0 ? attempt(ownDir, 'delegated') : undefined
  if (placed !== undefined) return placed
  // Put everything back as it was.
  for (const pid of moved) {
    try {
      writeFileSync(join(ownDir, 'cgroup.procs'), pid)
    } catch {
      // gone meanwhile
    }
  }
  rmdirQuietly(leaf)
  return problemOf(ownDir, failures)
}

function problemOf(ownDir: string, failures: readonly string[]): { problem: string } {
  return {
    problem:
      `cgroup v2 at ${ownDir} is not delegated to Runink (${failures.join('; ')}); run as root, ` +
      'or inside a delegated scope: systemd-run --user --scope -p Delegate=yes runi …',
  }
}

function rmdirQuietly(dir: string): void {
  try {
    rmdirSync(dir)
  } catch {
    // not empty, or gone
  }
}

function enableControllers(dir: string, controllers: readonly string[]): void {
  const file = join(dir, 'cgroup.subtree_control')
  const enabled = readFileSync(file, 'utf8').trim().split(/\s+/)
  const missing = controllers.filter((c) => !enabled.includes(c))
  if (missing.length > 0) writeFileSync(file, missing.map((c) => `+${c}`).join(' '))
}

function prepareV1(mounts: CgroupMount[], own: Map<string, string>, name: string): CgroupProbe {
  const parents: Partial<Record<CgroupController, string>> = {}
  const failures: string[] = []
  for (const controller of CGROUP_CONTROLLERS) {
    const mount = mounts.find((m) => m.version === 1 && m.controllers.includes(controller))
    if (mount === undefined) continue
    const dir = join(cgroupDir(mount, own.get(controller) ?? '/'), name)
    try {
      if (!existsSync(dir)) mkdirSync(dir, { recursive: true })
      // One made by another user (root's runs, then ours) is there but not ours to fill.
      accessSync(dir, constants.W_OK | constants.X_OK)
      parents[controller] = dir
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      failures.push(
        code === 'EACCES' || code === 'EPERM'
          ? `${controller}: ${dir} is not writable by this user`
          : `${controller}: ${(error as Error).message}`,
      )
    }
  }
  if (parents.memory === undefined)
    return { warning: `cannot create cgroups (${failures.join('; ')}): limits are rlimits only` }
  return { host: { version: 1, parents }, ...missingWarning(parents, 1) }
}

function missingWarning(
  parents: Partial<Record<CgroupController, string>>,
  version: 1 | 2,
): { warning?: string } {
  const missing = CGROUP_CONTROLLERS.filter((c) => parents[c] === undefined)
  return missing.length === 0
    ? {}
    : { warning: `cgroup v${version} lacks ${missing.join(', ')}: those limits are not enforced` }
}
