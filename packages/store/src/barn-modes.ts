import { chmod, lstat, readdir } from 'node:fs/promises'
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
 */
export async function tightenBarnModes(dir: string): Promise<void> {
  await tighten(dir, true)
}

async function tighten(path: string, isDir: boolean): Promise<void> {
  let mode: number
  try {
    mode = (await lstat(path)).mode
  } catch (error) {
    // Gone meanwhile (a temporary file, a released lock): nothing to tighten.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const want = isDir ? BARN_DIR_MODE : BARN_FILE_MODE
  if ((mode & 0o777) !== want) await chmod(path, want).catch(ignoreGone)
  if (!isDir) return
  let entries
  try {
    entries = await readdir(path, { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  for (const entry of entries) {
    if (entry.isSymbolicLink()) continue
    if (entry.isDirectory()) await tighten(join(path, entry.name), true)
    else if (entry.isFile()) await tighten(join(path, entry.name), false)
  }
}

function ignoreGone(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
}
