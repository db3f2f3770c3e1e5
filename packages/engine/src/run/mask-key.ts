import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * The herd's key for `mask: hash`, kept in `<dir>/<herd>.key` (created once, mode 0600). The
 * same key gives the same hashes, so masked join keys still join across runs. Herd secrets in
 * the Barn replace this file when secrets management lands.
 */
export async function loadMaskKey(dir: string, herd: string): Promise<string> {
  const file = path.join(dir, `${herd}.key`)
  try {
    return (await readFile(file, 'utf8')).trim()
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error
  }
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const key = randomBytes(32).toString('hex')
  try {
    await writeFile(file, `${key}\n`, { flag: 'wx', mode: 0o600 })
    return key
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as { code?: string }).code === 'EEXIST') return (await readFile(file, 'utf8')).trim()
    throw error
  }
}
