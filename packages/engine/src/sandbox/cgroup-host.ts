import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
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
  const v2Dir = v2 === undefined ? undefined : cgroupDir(v2, own.get('') ?? '/')
  if (v2Dir !== undefined && v2Controllers(v2Dir).includes('memory')) return prepareV2(v2Dir, name)
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

function prepareV2(ownDir: string, name: string): CgroupProbe {
  const parent = join(ownDir, name)
  const wanted = CGROUP_CONTROLLERS.filter((c) => v2Controllers(ownDir).includes(c))
  try {
    mkdirSync(parent, { recursive: true })
    enableControllers(ownDir, wanted)
    enableControllers(parent, wanted)
  } catch (error) {
    return {
      warning: `cgroup v2 at ${ownDir} is not delegated to Runink (${(error as Error).message}): memory, CPU and pids not enforced`,
    }
  }
  const parents: Partial<Record<CgroupController, string>> = {}
  for (const c of wanted) parents[c] = parent
  return { host: { version: 2, parents }, ...missingWarning(parents, 2) }
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
      parents[controller] = dir
    } catch (error) {
      failures.push(`${controller}: ${(error as Error).message}`)
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
