import type { FileHandle } from 'node:fs/promises'

const CHUNK = 1024 * 1024

/** Copies every byte of `from` (from its start) to `to`, a chunk at a time. */
export async function copyBytes(from: FileHandle, to: FileHandle): Promise<void> {
  const buffer = Buffer.allocUnsafe(CHUNK)
  for (let position = 0; ;) {
    const { bytesRead } = await from.read(buffer, 0, CHUNK, position)
    if (bytesRead === 0) return
    for (let done = 0; done < bytesRead;)
      done += (await to.write(buffer, done, bytesRead - done)).bytesWritten
    position += bytesRead
  }
}
