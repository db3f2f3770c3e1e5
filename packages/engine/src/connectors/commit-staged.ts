import { constants } from 'node:fs'
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { copyBytes } from './copy-bytes.js'
import { SourceError } from './source-error.js'

/** setuid, setgid, sticky: a published file never carries them. */
const SPECIAL_BITS = 0o7000

/**
 * Moves a finished staged file to `target` atomically, creating directories; the staged file
 * is gone after. The file is opened without following a symlink and must be a regular file.
 * A file of this process's user, with one link and no setuid, setgid or sticky bit, is renamed
 * (one step); any other (another user's, a slice's that set u+s) and any across file systems
 * is copied into a fresh file of this user beside the target (mode 0666 less the umask,
 * synced) that is then renamed, so the target is never seen half-written and never keeps the
 * bits or owner of a file someone else made.
 */
export async function commitStaged(staged: string, target: string): Promise<void> {
  let file: FileHandle
  try {
    file = await open(staged, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (error) {
    throw commitError(error, staged, target)
  }
  try {
    const info = await file.stat()
    if (!info.isFile()) throw new Error('not a regular file')
    await mkdir(dirname(target), { recursive: true })
    const own =
      info.uid === process.getuid?.() && info.nlink === 1 && (info.mode & SPECIAL_BITS) === 0
    if (own && (await renamed(staged, target))) return
    await copyInto(file, target)
  } catch (error) {
    throw commitError(error, staged, target)
  } finally {
    await file.close()
  }
  await rm(staged, { force: true })
}

/**
 * Moves a finished staged file to `fresh`, a new name beside its final target that nothing
 * holds yet (a pending commit's temporary file): renamed when {@link commitStaged} would rename
 * it, else copied straight into `fresh` (created exclusively, mode 0666 less the umask, synced).
 * A process killed mid-copy leaves only `fresh`, which its pending commit names for removal.
 */
export async function moveStaged(staged: string, fresh: string): Promise<void> {
  let file: FileHandle
  try {
    file = await open(staged, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (error) {
    throw commitError(error, staged, fresh)
  }
  try {
    const info = await file.stat()
    if (!info.isFile()) throw new Error('not a regular file')
    await mkdir(dirname(fresh), { recursive: true })
    const own =
      info.uid === process.getuid?.() && info.nlink === 1 && (info.mode & SPECIAL_BITS) === 0
    if (own && (await renamed(staged, fresh))) return
    const to = await open(fresh, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666)
    try {
      await copyBytes(file, to)
      await to.sync()
    } finally {
      await to.close()
    }
  } catch (error) {
    throw commitError(error, staged, fresh)
  } finally {
    await file.close()
  }
  await rm(staged, { force: true })
}

/** Renames in one step; false across file systems (the caller copies instead). */
async function renamed(staged: string, target: string): Promise<boolean> {
  try {
    await rename(staged, target)
    return true
  } catch (error) {
    if ((error as { code?: string }).code === 'EXDEV') return false
    throw error
  }
}

/** Copies an opened file's bytes into a fresh temp file beside `target`, then renames it. */
async function copyInto(from: FileHandle, target: string): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${randomUUID()}.tmp`)
  const to = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666)
  try {
    await copyBytes(from, to)
    await to.sync()
    await to.close()
    await rename(temp, target)
  } catch (error) {
    await to.close().catch(() => undefined)
    await rm(temp, { force: true })
    throw error
  }
}

function commitError(error: unknown, staged: string, target: string): SourceError {
  const code = (error as { code?: string }).code
  const why = code === 'ELOOP' ? 'it is a symbolic link' : (error as Error).message
  return new SourceError('RUNINK_SINK_FAILED', `cannot commit ${staged} to ${target}: ${why}`, {
    staged,
    target,
  })
}
