import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { once } from 'node:events'
import { dirname } from 'node:path'
import { createHash } from 'node:crypto'

/** An output file that hashes and counts its bytes as they are written. */
export interface HashedFile {
  readonly path: string
  /** Writes a chunk, waiting for the stream to drain when its buffer is full. */
  write(chunk: string | Uint8Array): Promise<void>
  /** Flushes and closes; returns the byte count and hex sha256 of everything written. */
  close(): Promise<{ bytes: number; sha256: string }>
  /** Closes and deletes the file. */
  remove(): Promise<void>
}

/** Creates (or truncates) `file`, making its directory, for hashed streaming writes. */
export async function openHashedFile(file: string): Promise<HashedFile> {
  await mkdir(dirname(file), { recursive: true })
  const stream = createWriteStream(file, { flags: 'w' })
  await once(stream, 'open')
  // node:crypto's sha256, not core's portable one: output hashing is on the hot path.
  const hash = createHash('sha256')
  let bytes = 0
  let failure: Error | undefined
  stream.on('error', (error) => (failure = error))
  return {
    path: file,
    async write(chunk) {
      if (failure) throw failure
      // Hash exactly the bytes that go to disk: encode strings once, here.
      const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
      hash.update(data)
      bytes += data.byteLength
      // `once` rejects if the stream errors while we wait.
      if (!stream.write(data)) await once(stream, 'drain')
      if (failure) throw failure
    },
    async close() {
      await new Promise<void>((ok, fail) =>
        stream.end((error?: Error | null) => (error ? fail(error) : ok())),
      )
      if (failure) throw failure
      return { bytes, sha256: hash.digest('hex') }
    },
    async remove() {
      if (!stream.destroyed) {
        stream.destroy()
        await once(stream, 'close').catch(() => undefined)
      }
      await rm(file, { force: true })
    },
  }
}
