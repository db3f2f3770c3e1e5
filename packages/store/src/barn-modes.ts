import { chmodSync, lstatSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** An embedded Barn's folders: owner only. */
export const BARN_DIR_MODE = 0o700
/** An embedded Barn's files (database, objects, lock): owner read/write only. */
export const BARN_FILE_MODE = 0o600

/**
 * Takes group and other bits off everything under an embedded Barn's folder: folders 0700,
 * files 0600 (execute bits too: nothing in a Barn is a program). PGlite ignores the umask and
 * writes its files 0666, and Barns made before modes were enforced are world-readable, so this
 * runs on every open and close. Symbolic links are left alone (chmod would follow them out).
 * The walk is synchronous on purpose: a Barn holds about a thousand files, and one awaited call
 * per entry took 7× as long (about 90 ms against 12 ms here) on every command.
 */
export function tightenBarnModes(dir: string): Promise<void> {
  try {
    tighten(dir, true)
    return Promise.resolve()
  } catch (error) {
    return Promise.reject(error as Error)
  }
}

function tighten(path: string, isDir: boolean): void {
  let mode: number
  try {
    mode = lstatSync(path).mode
  } catch (error) {
    // Gone meanwhile (a temporary file, a released lock): nothing to tighten.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const want = isDir ? BARN_DIR_MODE : BARN_FILE_MODE
  if ((mode & 0o777) !== want) chmodGone(path, want)
  if (!isDir) return
  let entries
  try {
    entries = readdirSync(path, { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  for (const entry of entries) {
    if (entry.isSymbolicLink()) continue
    if (entry.isDirectory()) tighten(join(path, entry.name), true)
    else if (entry.isFile()) tighten(join(path, entry.name), false)
  }
}

/** chmod, where a file gone meanwhile is no error. */
function chmodGone(path: string, mode: number): void {
  try {
    chmodSync(path, mode)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}
