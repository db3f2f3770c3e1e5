import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { findExecutable } from './system-view.js'
import { SandboxError } from './sandbox-error.js'

/** The host account slices run as when the launcher runs as root. */
export const SLICE_USER_NAME = 'runink-slice'

/** A host uid and gid a slice runs as. */
export interface SliceUser {
  readonly name: string
  readonly uid: number
  readonly gid: number
}

/** setpriv options that become `user`, with no supplementary groups. */
export function setprivAs(user: SliceUser): string[] {
  return [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups']
}

const SYSTEM_PATH = '/usr/sbin:/usr/bin:/sbin:/bin'

/**
 * The unprivileged host account slices run as, or undefined when this process is not root (a
 * slice then maps to the caller, who is not root either). As root, a sandbox's user namespace
 * would otherwise map the slice to host uid 0: no capabilities, but still the owner of every
 * root-owned file and the uid `/proc/sys` grants writes to. The account is a dedicated system
 * user (no home, no shell, its own group), created with `useradd --system` when missing, so it
 * owns nothing on the host but the slices' staging folders and is never shared with a service.
 */
export function sliceUser(
  euid: number = process.geteuid?.() ?? -1,
  passwd = '/etc/passwd',
): SliceUser | undefined {
  if (euid !== 0) return undefined
  const found = lookUp(passwd)
  if (found !== undefined) return found
  const useradd = findExecutable('useradd', SYSTEM_PATH)
  const failed = (why: string): never => {
    throw new SandboxError(
      'RUNINK_SANDBOX_LAUNCH_FAILED',
      `cannot create the unprivileged account ${SLICE_USER_NAME} that slices run as when runi runs as root (${why}); ` +
        `create it with: useradd --system --no-create-home --user-group --shell /usr/sbin/nologin ${SLICE_USER_NAME}`,
    )
  }
  if (useradd === undefined) return failed('useradd is not installed')
  const result = spawnSync(
    useradd,
    [
      '--system',
      '--no-create-home',
      '--user-group',
      '--shell',
      '/usr/sbin/nologin',
      SLICE_USER_NAME,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  )
  // Exit 9: another launcher created it meanwhile.
  const made = lookUp(passwd)
  if (made !== undefined) return made
  return failed(result.stderr.trim() || `useradd exited ${String(result.status)}`)
}

function lookUp(passwd: string): SliceUser | undefined {
  let text: string
  try {
    text = readFileSync(passwd, 'utf8')
  } catch {
    return undefined
  }
  for (const line of text.split('\n')) {
    const [name, , uid, gid] = line.split(':')
    if (name !== SLICE_USER_NAME || uid === undefined || gid === undefined) continue
    const user = { name, uid: Number(uid), gid: Number(gid) }
    if (!Number.isInteger(user.uid) || !Number.isInteger(user.gid)) return undefined
    if (user.uid === 0 || user.gid === 0)
      throw new SandboxError(
        'RUNINK_SANDBOX_LAUNCH_FAILED',
        `the account ${SLICE_USER_NAME} in ${passwd} has uid or gid 0; slices must never run as root: give it its own unprivileged ids`,
      )
    return user
  }
  return undefined
}
