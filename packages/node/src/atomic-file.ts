import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { once } from 'node:events'
import { randomBytes } from 'node:crypto'

/** A file being written beside its final place; it appears there only on `commit()`. */
export interface AtomicFile {
  readonly stream: WriteStream
  /** Writes a chunk, waiting when the stream's buffer is full (backpressure). */
  write(chunk: string | Uint8Array): Promise<void>
  /** Flushes, closes and renames into place in one step. */
  commit(): Promise<void>
  /** Closes and removes the temporary file; nothing is left behind. */
  abort(): Promise<void>
}

let counter = 0

/** How an atomic file is created. */
export interface AtomicFileOptions {
  /** The file's mode (less the umask); default 0o666. */
  readonly mode?: number
}

/**
 * Opens `target` for atomic writing: a temp file in the same directory (created exclusively,
 * its name unique even against one left by a killed process of the same pid), renamed on
 * commit. Creates the directory.
 */
export async function openAtomicFile(
  target: string,
  options: AtomicFileOptions = {},
): Promise<AtomicFile> {
  await mkdir(path.dirname(target), { recursive: true })
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${++counter}.${randomBytes(4).toString('hex')}.tmp`,
  )
  const stream = createWriteStream(temp, {
    flags: 'wx',
    ...(options.mode === undefined ? {} : { mode: options.mode }),
  })
  await once(stream, 'open')
  let done = false
  // Without a listener, an error after abort (a write still in flight when the stream is
  // destroyed) would crash the process; commit() and write() still see errors via callbacks.
  stream.on('error', () => undefined)
  return {
    stream,
    async write(chunk) {
      if (!stream.write(chunk)) await once(stream, 'drain')
    },
    async commit() {
      if (done) return
      done = true
      await new Promise<void>((ok, fail) =>
        stream.end((err?: Error | null) => (err ? fail(err) : ok())),
      )
      await rename(temp, target)
    },
    async abort() {
      if (done) return
      done = true
      if (!stream.destroyed) {
        stream.destroy()
        await once(stream, 'close').catch(() => undefined)
      }
      await rm(temp, { force: true })
    },
  }
}

/** Writes text or bytes to `target` atomically: whole or not at all. */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: AtomicFileOptions = {},
): Promise<void> {
  const file = await openAtomicFile(target, options)
  try {
    await file.write(data)
    await file.commit()
  } catch (error) {
    await file.abort()
    throw error
  }
}
