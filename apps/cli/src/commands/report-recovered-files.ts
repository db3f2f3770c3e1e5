import type { Barn } from '@runink/store'
import type { CliIo } from '../cli-io.js'
import { eprintln } from '../output.js'

/**
 * Says on stderr what opening the Barn did with the file sinks a killed run left between its
 * commit and its renames: files put in place are noted, files it could not put in place are a
 * warning (they are tried again by the next command). Removed temporary files of stages that
 * never committed are housekeeping and go unsaid.
 */
export function reportRecoveredFiles(io: CliIo, barn: Barn): void {
  for (const file of barn.recoveredFiles) {
    if (file.outcome === 'placed')
      eprintln(
        io,
        `note: put ${file.target} in place: run ${file.runId} committed it but stopped before writing it`,
      )
    else if (file.outcome === 'failed')
      eprintln(
        io,
        `warning: could not put ${file.target} (committed by run ${file.runId}) in place: ${file.error ?? 'unknown error'}; the next runi command in this project tries again`,
      )
  }
}
