import { spawn } from 'node:child_process'
import type { CliIo } from '../cli-io.js'
import { eprintln } from '../output.js'
import { KEEP_BARN_COMMAND } from './keep-barn.js'
import { keepBarnSeconds } from './keep-barn-setting.js'

/** Homes whose embedded Barn this process opened and closed itself. */
const closedHere = new Set<string>()

/** Notes that this process opened an embedded Barn in home and has closed it. */
export function barnClosedHere(home: string): void {
  closedHere.add(home)
}

/**
 * After a command: starts, detached, the process that keeps each embedded Barn this command
 * used open for the next one (see keepBarn), for RUNINK_KEEP_BARN seconds. `script` is the
 * `runi` entry this process was started from.
 */
export function keepBarnsWarm(io: CliIo, script: string | undefined): void {
  if (closedHere.size === 0 || script === undefined) return
  const homes = [...closedHere]
  closedHere.clear()
  const setting = keepBarnSeconds(io.env)
  if ('error' in setting) {
    eprintln(io, `note: ${setting.error}; the Barn is not kept open between commands`)
    return
  }
  if (setting.seconds === 0) return
  for (const home of homes) {
    try {
      spawn(
        process.execPath,
        [
          '--liftoff-only',
          script,
          KEEP_BARN_COMMAND,
          '--home',
          home,
          '--idle',
          String(setting.seconds),
        ],
        { cwd: home, detached: true, stdio: 'ignore', env: { ...io.env } },
      )
        .on('error', () => undefined)
        .unref()
    } catch {
      // Could not start it: the next command opens the Barn itself, as without a keeper.
    }
  }
}
