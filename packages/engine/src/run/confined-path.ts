import { realpathSync } from 'node:fs'
import path from 'node:path'
import { BARN_DIR, RuninkError } from '@runink/core'
import { PathCodes } from '@runink/protocol'

// Defined in @runink/protocol's static code table; re-exported for this package's callers.
export { PathCodes }

/** An outside folder a herd allows file sources (and, when writable, sinks) in. */
export interface AllowedFolder {
  /** Absolute, symlinks resolved when it was granted. */
  readonly folder: string
  readonly writable: boolean
}

/** Where a pipeline's files may be: its project folder, plus the herd's allowed folders. */
export interface PathScope {
  /** The feature file's folder. */
  readonly baseDir: string
  readonly allowedFolders?: readonly AllowedFolder[]
}

/** `child` is `root` or inside it (both absolute and normalised). */
export function isWithin(child: string, root: string): boolean {
  const rel = path.relative(root, child)
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel))
}

/** The real path of `file`: of the file itself when it exists, else of its deepest existing folder. */
function realPathOf(file: string): string {
  let existing = file
  const missing: string[] = []
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...missing.reverse())
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error
      const parent = path.dirname(existing)
      if (parent === existing) return file
      missing.push(path.basename(existing))
      existing = parent
    }
  }
}

function realFolder(folder: string): string {
  try {
    return realpathSync(folder)
  } catch {
    return path.resolve(folder)
  }
}

/**
 * A file source's or sink's path (`rest` of its URI, relative to the feature file) resolved
 * and confined: its real path (every symlink resolved) must lie inside the project folder, or
 * inside a folder the herd allows (writable, for sinks), and never inside a `.runink/` (nor a
 * `.runink-staging/`).
 * Returns the real path, which the caller reads or writes instead of the one it was given, so
 * a symlink swapped in later is not followed. Throws a `RUNINK_PATH_*` error otherwise.
 */
export function confinedPath(
  uri: string,
  rest: string,
  scope: PathScope,
  access: 'read' | 'write',
): string {
  const project = realFolder(scope.baseDir)
  const real = realPathOf(path.resolve(scope.baseDir, rest))
  const roots = [
    project,
    ...(scope.allowedFolders ?? [])
      .filter((a) => access === 'read' || a.writable)
      .map((a) => realFolder(a.folder)),
  ]
  const root = roots.find((r) => isWithin(real, r))
  if (root === undefined) {
    const kind = access === 'read' ? 'source' : 'sink'
    throw new RuninkError(
      PathCodes.RUNINK_PATH_OUTSIDE_PROJECT,
      `${uri}: this ${kind} resolves to ${real}, outside the project folder ${project}` +
        ` (hint: keep it under the feature file's folder, or let the herd use that folder:` +
        ` runi herd path allow <herd> ${path.dirname(real)}${access === 'write' ? ' --write' : ''})`,
      { details: { uri, path: real, project } },
    )
  }
  const inside = path.relative(root, real).split(path.sep)
  if (inside.includes(BARN_DIR) || inside.includes(`${BARN_DIR}-staging`)) {
    throw new RuninkError(
      PathCodes.RUNINK_PATH_IN_BARN,
      `${uri}: ${real} is inside a Barn (${BARN_DIR}/ or its staging), which pipelines never read or write`,
      { details: { uri, path: real } },
    )
  }
  return real
}
