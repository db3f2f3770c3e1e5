import { randomBytes } from 'node:crypto'
import { open, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { createSha256 } from '@runink/core'
import { chunksOf } from './object-key.js'

/** A body written to a temporary file, with its hash and size. */
export interface Spooled {
  readonly path: string
  readonly key: string
  readonly size: number
  discard(): Promise<void>
}

/**
 * Writes a body to a new file in dir (mode 0600: objects are private to the Barn's owner) while
 * hashing it; the file is fsynced before return.
 */
export async function spool(
  dir: string,
  body: Uint8Array | AsyncIterable<Uint8Array>,
): Promise<Spooled> {
  const path = join(dir, `.tmp-${process.pid}-${randomBytes(8).toString('hex')}`)
  const hash = createSha256()
  let size = 0
  const handle = await open(path, 'wx', 0o600)
  try {
    for await (const chunk of chunksOf(body)) {
      hash.update(chunk)
      size += chunk.byteLength
      await handle.write(chunk)
    }
    await handle.sync()
  } catch (error) {
    await handle.close()
    await rm(path, { force: true })
    throw error
  }
  await handle.close()
  return { path, key: hash.digestHex(), size, discard: () => rm(path, { force: true }) }
}
