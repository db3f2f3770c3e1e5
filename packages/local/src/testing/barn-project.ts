import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createSliceRunner, type SliceRunner } from '@runink/engine'
import { openBarn, type Barn } from '@runink/store'

/** A temporary project with an embedded Barn and a sandboxed slice runner, as `runi run` has. */
export interface BarnProject {
  readonly dir: string
  readonly barn: Barn
  readonly runner: SliceRunner
  /** Closes the runner and the Barn and removes the folder. */
  close(): Promise<void>
}

/** Makes a project folder (`<tmp>/<prefix>…`) that slices can reach, its Barn and a runner. */
export async function openBarnProject(prefix: string): Promise<BarnProject> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix))
  // Run as root, slices run as the runink-slice account, which must reach the project
  // (mkdtemp makes it 0700).
  await chmod(dir, 0o755)
  const barn = await openBarn({ home: dir })
  const runner = await createSliceRunner({
    mode: 'sandbox',
    // Staging beside the Barn, as runi run does: the Barn folder is its owner's alone.
    stagingRoot: path.join(dir, '.runink-staging', 'slices'),
  })
  return {
    dir,
    barn,
    runner,
    async close() {
      await runner.close()
      await barn.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
