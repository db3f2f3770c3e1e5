import path from 'node:path'
import { sweepDeadStaging } from '@runink/engine'
import { BARN_DIR } from '@runink/store'
import type { CliIo } from '../cli-io.js'
import { eprintln } from '../output.js'

/**
 * Where `runi run` stages in a home: beside the Barn, not in it. The Barn folder is its owner's
 * alone (0700, re-tightened on every open), while a slice's own account must reach its staging
 * folder, and no Barn walk should cross a tree that slices wrote.
 */
export function stagingRootOf(home: string): string {
  return path.join(home, `${BARN_DIR}-staging`)
}

/**
 * Removes the staging of runs that were killed (their input copies and half-written outputs),
 * and whatever an older runi left in `.runink/staging`; a live run's staging is kept. What
 * cannot be removed is said on stderr, never dropped.
 */
export async function sweepStaging(io: CliIo, home: string): Promise<void> {
  for (const root of [stagingRootOf(home), path.join(home, BARN_DIR, 'staging')]) {
    const { failed } = await sweepDeadStaging(root)
    for (const { dir, error } of failed)
      eprintln(io, `warning: could not remove the staging of a dead run at ${dir}: ${error}`)
  }
}
