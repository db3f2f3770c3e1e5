import { existsSync } from 'node:fs'
import path from 'node:path'
import { BARN_DIR } from '@runink/store'
import type { SliceJob } from '../stage/index.js'
import { sliceHostPath } from './slice-host-path.js'

/** Runink's own code (its packages and their node_modules), mounted read-only in slices. */
export function runtimeMounts(): string[] {
  const root = path.resolve(path.dirname(sliceHostPath()), '..', '..', '..', '..')
  return ['packages', 'node_modules'].map((d) => path.join(root, d)).filter((d) => existsSync(d))
}

/** Folders a slice must read: Runink itself, its inputs, its step code. Sorted, so equal jobs share a template. */
export function readOnlyPaths(job: SliceJob, runtime: readonly string[]): string[] {
  const paths = new Set<string>(runtime)
  for (const s of job.sources) paths.add(path.dirname(s.path))
  for (const step of job.steps) {
    if (step.kind === 'module') paths.add(path.dirname(step.module))
    if (step.kind === 'exec') paths.add(step.cwd)
  }
  return [...paths].sort()
}

/**
 * Barn folders (`.runink/`: database, objects, keys) directly inside a mounted folder, such as
 * the project folder an exec step runs in: the slice must not see them.
 */
export function hiddenPaths(readOnly: readonly string[]): string[] {
  return readOnly.map((dir) => path.join(dir, BARN_DIR)).filter((dir) => existsSync(dir))
}
