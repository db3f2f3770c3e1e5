import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { RuninkError } from '@runink/core'
import { ServerCodes } from '@runink/protocol'

/** The largest bundle the server unpacks (decoded bytes, all files together). */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024

/**
 * Unpacks a submitted pipeline bundle (path → base64 bytes; paths already checked by the
 * protocol's schema) into `<root>/<sha256 of the bundle>/`, readable by the slices' account
 * (folders 0755, files 0644): written beside it and renamed into place whole, so a folder there
 * is always complete and the same bundle is unpacked once. Resolves to the folder and the hex
 * SHA-256 of the bundle that names it.
 */
export async function writeBundle(
  root: string,
  files: Readonly<Record<string, string>>,
): Promise<{ dir: string; hash: string }> {
  const entries = Object.entries(files)
    .map(([name, b64]) => [name, Buffer.from(b64, 'base64')] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const size = entries.reduce((n, [, bytes]) => n + bytes.length, 0)
  if (size > MAX_BUNDLE_BYTES)
    throw new RuninkError(
      ServerCodes.RUNINK_HTTP_TOO_LARGE,
      `the bundle is ${size} bytes, over ${MAX_BUNDLE_BYTES}: push large inputs as datasets`,
      { details: { bytes: size, maxBytes: MAX_BUNDLE_BYTES } },
    )
  const names = new Set(entries.map(([name]) => name))
  for (const [name] of entries)
    for (let up = path.posix.dirname(name); up !== '.'; up = path.posix.dirname(up))
      if (names.has(up))
        throw new RuninkError(
          ServerCodes.RUNINK_HTTP_BAD_REQUEST,
          `bundle path ${up} is both a file and the folder of ${name}`,
          { details: { path: up } },
        )
  const hash = createHash('sha256')
  for (const [name, bytes] of entries) hash.update(`${name}\0${bytes.length}\0`).update(bytes)
  const digest = hash.digest('hex')
  const dir = path.join(root, digest)
  if (existsSync(dir)) return { dir, hash: digest }
  await mkdir(root, { recursive: true, mode: 0o755 })
  const temp = `${dir}.${process.pid}.tmp`
  await rm(temp, { recursive: true, force: true })
  try {
    for (const [name, bytes] of entries) {
      const file = path.join(temp, ...name.split('/'))
      await mkdir(path.dirname(file), { recursive: true, mode: 0o755 })
      await writeFile(file, bytes, { mode: 0o644, flag: 'wx' })
    }
    await chmod(temp, 0o755)
    await rename(temp, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another request unpacked the same bundle first: theirs is as good as ours.
      if (!existsSync(dir)) throw error
      await rm(temp, { recursive: true, force: true })
    })
  } catch (error) {
    await rm(temp, { recursive: true, force: true })
    throw error
  }
  return { dir, hash: digest }
}
