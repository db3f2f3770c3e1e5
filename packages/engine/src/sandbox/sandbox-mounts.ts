import type { SystemView } from './system-view.js'
import { isSystemPath } from './system-view.js'

/** The uid and gid a sandboxed slice runs as (nobody). */
export const SANDBOX_ID = 65534

/** A host path bound into the sandbox at the same path. */
export interface Bind {
  readonly path: string
  readonly writable: boolean
}

/** What a sandbox shows: the system view, then the slice's own binds. */
export interface SandboxLayout {
  readonly view: SystemView
  /** Sorted so a parent is bound before anything inside it. */
  readonly binds: readonly Bind[]
  readonly cwd: string
  readonly network: boolean
}

/** The binds of a slice: inputs and code read-only, its staging directory writable. */
export function sliceBinds(
  readOnly: readonly string[],
  stagingDir: string,
  view: SystemView,
): Bind[] {
  const binds = new Map<string, Bind>()
  for (const path of readOnly)
    if (!isSystemPath(path, view)) binds.set(path, { path, writable: false })
  binds.set(stagingDir, { path: stagingDir, writable: true })
  return [...binds.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
