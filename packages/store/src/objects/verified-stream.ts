import { createHash } from 'node:crypto'
import { Transform, type Readable } from 'node:stream'

/**
 * Passes an object's bytes through while hashing them, and fails the stream at its end when the
 * sha256 is not the key: a consumer (a pipeline to a file, a parser) sees an error instead of a
 * clean end, so tampered bytes are never taken as a complete object. `onMismatch` builds the
 * error from the actual hash.
 */
export function verifiedStream(
  raw: Readable,
  key: string,
  onMismatch: (actual: string) => Promise<Error> | Error,
): Readable {
  const hash = createHash('sha256')
  const check = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk)
      callback(null, chunk)
    },
    flush(callback) {
      const actual = hash.digest('hex')
      if (actual === key) {
        callback()
        return
      }
      Promise.resolve(onMismatch(actual)).then(
        (error) => callback(error),
        (error: unknown) => callback(error as Error),
      )
    },
  })
  raw.on('error', (error) => check.destroy(error))
  check.on('close', () => {
    if (!raw.destroyed) raw.destroy()
  })
  return raw.pipe(check)
}

/** The sha256 (hex) and size of a stream read to its end. */
export async function hashOfStream(raw: Readable): Promise<{ hex: string; size: number }> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of raw) {
    const bytes = chunk as Buffer
    hash.update(bytes)
    size += bytes.byteLength
  }
  return { hex: hash.digest('hex'), size }
}
