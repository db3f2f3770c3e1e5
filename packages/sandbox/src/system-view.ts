import { accessSync, constants, existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs'
import { delimiter, dirname, isAbsolute, join } from 'node:path'

/** The read-only view of the host system a sandbox sees. */
export interface SystemView {
  /** Real directories bound read-only at the same path. */
  readonly dirs: readonly string[]
  /** Top-level symlinks recreated as they are (`/bin → usr/bin` on merged-/usr hosts). */
  readonly links: ReadonlyArray<readonly [path: string, target: string]>
  /** The few /etc entries programs need (users, name resolution, TLS roots, the loader). */
  readonly etc: readonly string[]
}

const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']
const ETC_ENTRIES = [
  'passwd',
  'group',
  'hosts',
  'resolv.conf',
  'nsswitch.conf',
  'localtime',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'ssl',
  'ca-certificates',
  'alternatives',
]

/** The system directories, links and /etc entries present on this host. */
export function systemView(): SystemView {
  const dirs: string[] = []
  const links: Array<readonly [string, string]> = []
  for (const path of SYSTEM_DIRS) {
    try {
      const stat = lstatSync(path)
      if (stat.isSymbolicLink()) links.push([path, readlinkSync(path)])
      else if (stat.isDirectory()) dirs.push(path)
    } catch {
      // absent on this host
    }
  }
  const etc = ETC_ENTRIES.map((e) => `/etc/${e}`).filter((p) => existsSync(p))
  return { dirs, links, etc }
}

/** True when `path` is inside one of the system directories the sandbox already shows. */
export function isSystemPath(path: string, view: SystemView): boolean {
  return [...view.dirs, ...view.links.map(([p]) => p)].some(
    (dir) => path === dir || path.startsWith(`${dir}/`),
  )
}

/** Looks `name` up on a PATH string; absolute names are returned as they are. */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | undefined {
  if (isAbsolute(name)) return existsSync(name) ? name : undefined
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}

/**
 * The install prefix to mount for a runtime outside the system directories (for example
 * `/opt/node` for `/opt/node/bin/node`), or undefined when the system view already has it.
 */
export function runtimePrefix(executable: string, view: SystemView): string | undefined {
  if (!isAbsolute(executable)) return undefined
  let real: string
  try {
    real = realpathSync(executable)
  } catch {
    return undefined
  }
  if (isSystemPath(real, view)) return undefined
  return dirname(dirname(real))
}
