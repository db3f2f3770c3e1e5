import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { once } from 'node:events'
import { dirname } from 'node:path'
import { SourceError } from './source-error.js'

/**
 * An output file that counts its bytes as they are written. It does not hash them: the commit
 * hashes what it publishes itself (a slice is not trusted to say what it wrote).
 */
export interface CountedFile {
  readonly path: string
  /** Writes a chunk, waiting for the stream to drain when its buffer is full. */
  write(chunk: string | Uint8Array): Promise<void>
  /** Flushes and closes; returns the byte count of everything written. */
  close(): Promise<{ bytes: number }>
  /** Closes and deletes the file. */
  remove(): Promise<void>
}

/** Creates (or truncates) `file`, making its directory, for counted streaming writes. */
export async function openCountedFile(file: string): Promise<CountedFile> {
  await mkdir(dirname(file), { recursive: true })
  const stream = createWriteStream(file, { flags: 'w' })
  await once(stream, 'open')
  let bytes = 0
  let failure: Error | undefined
  stream.on('error', (error) => (failure = writeError(file, error)))
  return {
    path: file,
    async write(chunk) {
      if (failure) throw failure
      // Encode strings once, here, to count exactly the bytes that go to disk.
      const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
      bytes += data.byteLength
      // `once` rejects if the stream errors while we wait.
      if (!stream.write(data))
        await once(stream, 'drain').catch((error: unknown) => {
          throw failure ?? error
        })
      if (failure) throw failure
    },
    async close() {
      await new Promise<void>((ok, fail) =>
        stream.end((error?: Error | null) => (error ? fail(failure ?? error) : ok())),
      )
      if (failure) throw failure
      return { bytes }
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

/**
 * A failed write, said plainly where the slice's limits caused it: EFBIG is the kernel's file
 * size limit (RLIMIT_FSIZE), which the stage's disk limit sets.
 */
function writeError(file: string, error: Error): Error {
  if ((error as NodeJS.ErrnoException).code !== 'EFBIG') return error
  return new SourceError(
    'RUNINK_SINK_FAILED',
    'a sink file grew past the largest file this slice may write (its @requires(disk=…) limit plus a margin)',
    { file },
  )
}
