import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { copyBytes } from '../connectors/copy-bytes.js'

/**
 * Copies the bytes of an opened (verified) staged file into a new file at `into`, created by
 * this process (exclusive, mode 0666 less the umask: owned by the host user, no setuid, setgid
 * or sticky bit whatever the slice did to its own file). Not synced: the copy is read back by
 * this process and then stored or renamed into place, as a staged file was before.
 */
export async function importStaged(from: FileHandle, into: string): Promise<void> {
  const to = await open(into, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666)
  try {
    await copyBytes(from, to)
  } finally {
    await to.close()
  }
}
