import { spawnSync } from 'node:child_process'
import { chownSync, statSync, type Stats } from 'node:fs'
import { dirname, parse } from 'node:path'
import { SandboxError } from './sandbox-error.js'
import type { SliceUser } from './slice-user.js'

const R = 4
const X = 1

/** A path the slice's account cannot reach, and what it lacks there. */
export interface Unreachable {
  readonly path: string
  readonly lacks: 'search' | 'read'
}

/**
 * The first folder on the way to `path` that `user` may not search, or `path` itself when the
 * user may not read it (and search it, for a folder); undefined when all is well or `path` does
 * not exist. Decided from the mode bits (the user has no supplementary groups); a refusal is
 * confirmed by asking `test` run as the user, so an ACL granting access is honoured.
 */
export function unreachableFor(
  user: SliceUser,
  path: string,
  setpriv: string | undefined,
): Unreachable | undefined {
  const chain: string[] = []
  for (let dir = dirname(path); dir !== parse(dir).root; dir = dirname(dir)) chain.unshift(dir)
  for (const dir of chain) {
    const stat = statOrUndefined(dir)
    if (stat === undefined) return undefined
    if (!allows(user, stat, X) && !confirmedBy(user, setpriv, '-x', dir))
      return { path: dir, lacks: 'search' }
  }
  const stat = statOrUndefined(path)
  if (stat === undefined) return undefined
  const dir = stat.isDirectory()
  if (allows(user, stat, dir ? R | X : R)) return undefined
  const confirmed =
    confirmedBy(user, setpriv, '-r', path) && (!dir || confirmedBy(user, setpriv, '-x', path))
  return confirmed ? undefined : { path, lacks: 'read' }
}

/**
 * Readies a launch for the slice account: its staging folder becomes the account's (the host,
 * root, still reads it), and every folder it binds must be reachable by the account, else a
 * clear error names the path and the fix instead of an EACCES deep inside the slice.
 * `reachable` remembers folders already found reachable (by this launcher).
 */
export function admitSliceUser(
  user: SliceUser,
  stagingDir: string,
  readOnly: readonly string[],
  setpriv: string | undefined,
  reachable: Set<string>,
): void {
  chownSync(stagingDir, user.uid, user.gid)
  for (const path of [...readOnly, stagingDir]) {
    if (reachable.has(path)) continue
    const problem = unreachableFor(user, path, setpriv)
    if (problem === undefined) {
      if (path !== stagingDir) reachable.add(path)
      continue
    }
    const fix =
      problem.lacks === 'search'
        ? `chmod o+x ${problem.path} (or setfacl -m u:${user.name}:x ${problem.path})`
        : `chmod -R o+rX ${problem.path} (or setfacl -R -m u:${user.name}:rX ${problem.path})`
    throw new SandboxError(
      'RUNINK_SANDBOX_PATH_UNREADABLE',
      `slices run as the unprivileged account ${user.name} (uid ${user.uid}) because runi runs as root, ` +
        `and it cannot ${problem.lacks} ${problem.path}, needed for ${path}; fix: ${fix}`,
      { path: problem.path, needs: path, account: user.name },
    )
  }
}

function allows(user: SliceUser, stat: Stats, bits: number): boolean {
  const mode =
    stat.uid === user.uid ? stat.mode >> 6 : stat.gid === user.gid ? stat.mode >> 3 : stat.mode
  return (mode & bits) === bits
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

/** Asks `test` run as the user (honours ACLs the mode bits do not show). */
function confirmedBy(
  user: SliceUser,
  setpriv: string | undefined,
  flag: '-r' | '-x',
  path: string,
): boolean {
  if (setpriv === undefined) return false
  const result = spawnSync(
    setpriv,
    [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', 'test', flag, path],
    { timeout: 10_000, env: { PATH: '/usr/bin:/bin' } },
  )
  return result.status === 0
}
