import path from 'node:path'
import { sweepDeadStaging } from '@runink/engine'
import { stagingRootOf } from '@runink/local'
import { BARN_DIR } from '@runink/store'
import type { CliIo } from '../cli-io.js'
import { eprintln } from '../output.js'

export { stagingRootOf }

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
