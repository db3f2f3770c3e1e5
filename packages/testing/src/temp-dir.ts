import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A temporary directory and the way to remove it. */
export interface TempDir {
  readonly path: string
  remove(): Promise<void>
}

/** Creates a fresh directory under the OS temp folder, named with the prefix. */
export async function makeTempDir(prefix = 'runink-test-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix))
  return { path, remove: () => rm(path, { recursive: true, force: true }) }
}
