import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { BARN_DIR } from '@runink/core'
import type { SliceJob } from '../stage/index.js'
import { isWithin } from './confined-path.js'
import { sliceHostPath } from './slice-host-path.js'

/** Runink's own code (its packages and their node_modules), mounted read-only in slices. */
export function runtimeMounts(): string[] {
  const root = path.resolve(path.dirname(sliceHostPath()), '..', '..', '..', '..')
  return ['packages', 'node_modules'].map((d) => path.join(root, d)).filter((d) => existsSync(d))
}

/**
 * What a slice must read, read-only: Runink itself, its declared input FILES (never their
 * folders), its step modules (the one bundled file each, see `bundleStepModules`) and, for an
 * exec step, the folder it runs in (the project folder: its command names its scripts
 * relative to it). Sorted, so equal jobs share a template.
 */
export function readOnlyPaths(job: SliceJob, runtime: readonly string[]): string[] {
  const paths = new Set<string>(runtime)
  for (const s of job.sources) paths.add(s.path)
  for (const step of job.steps) {
    if (step.kind === 'module') paths.add(step.module)
    if (step.kind === 'exec') paths.add(step.cwd)
  }
  return [...paths].sort()
}

/** Folders no slice sees: the Barn, and runs' staging beside it (input copies, other slices' outputs). */
export const PRIVATE_DIRS: ReadonlySet<string> = new Set([BARN_DIR, `${BARN_DIR}-staging`])

/**
 * Every private folder (`.runink`, `.runink-staging`) at any depth of `dir`; symlinks are not
 * followed, and folders in `skip` (Runink's own code, which holds none) are not entered.
 */
function barnsUnder(dir: string, found: string[], skip: ReadonlySet<string>): void {
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue
    const child = path.join(dir, entry.name)
    if (PRIVATE_DIRS.has(entry.name)) found.push(child)
    else if (!skip.has(child)) barnsUnder(child, found, skip)
  }
}

let runtimeRoots: readonly string[] | undefined

/**
 * Barn folders (`.runink/`: database, objects, keys) and run staging folders (`.runink-staging/`:
 * input copies, other slices' outputs) anywhere inside a mounted folder (such as the project
 * folder an exec step runs in), covered in the slice by an empty tmpfs; the slice's own staging
 * and input files, mounted below them, stay visible. Runink's
 * own code is not searched (it holds no Barn). A symlink in a mounted folder resolves inside the
 * slice's own view, where only mounted paths exist, and every mounted folder is searched here.
 */
export function hiddenPaths(readOnly: readonly string[]): string[] {
  runtimeRoots ??= runtimeMounts()
  const skip = new Set(runtimeRoots)
  const found: string[] = []
  for (const p of readOnly) {
    if (runtimeRoots.some((r) => isWithin(p, r))) continue
    let isDir = false
    try {
      isDir = statSync(p).isDirectory()
    } catch {
      continue
    }
    if (!isDir) continue
    if (PRIVATE_DIRS.has(path.basename(p))) found.push(p)
    else barnsUnder(p, found, skip)
  }
  return [...new Set(found)].sort()
}
