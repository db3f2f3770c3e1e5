import { constants } from 'node:fs'
import { lstat, open, readlink, realpath, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { SliceError } from './slice-codes.js'

/**
 * Opens a file a slice staged, for reading, refusing anything but a regular file of the
 * slice's own inside its staging folder: the name must be plain and relative (from the job
 * the host wrote), every folder below the staging folder a real one (lstat: no symlink), the
 * file opened with O_NOFOLLOW and checked on the opened fd (a regular file with one link: not
 * a FIFO, device, socket or hard link to someone else's file). Read only through the fd.
 */
export async function openStaged(stagingDir: string, relative: string): Promise<FileHandle> {
  const where = path.join(stagingDir, relative)
  const refuse = (why: string): SliceError =>
    new SliceError('RUNINK_SLICE_BAD_STAGING', `staged output ${where} ${why}: refused`, {
      stagingDir,
      file: relative,
    })
  const parts = relative.split(/[\\/]/)
  if (path.isAbsolute(relative) || parts.some((p) => p === '' || p === '.' || p === '..'))
    throw refuse('is not a plain path inside its staging folder')
  let dir = stagingDir
  for (const part of ['', ...parts.slice(0, -1)]) {
    dir = path.join(dir, part)
    const info = await lstat(dir).catch(() => undefined)
    if (!info?.isDirectory()) throw refuse(`has ${dir}, which is not a folder`)
  }
  let file: FileHandle
  try {
    file = await open(
      where,
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY,
    )
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'ELOOP') throw refuse('is a symbolic link')
    if (code === 'ENOENT') throw refuse('is missing')
    throw refuse(`cannot be opened (${code ?? (error as Error).message})`)
  }
  const info = await file.stat()
  const why = !info.isFile()
    ? 'is not a regular file'
    : info.nlink !== 1
      ? `has ${info.nlink} links (a file linked from elsewhere)`
      : !(await opensInside(file, stagingDir))
        ? 'was reached through a folder that moved out of staging'
        : undefined
  if (why === undefined) return file
  await file.close()
  throw refuse(why)
}

/**
 * Where the opened fd really is, by the kernel (`/proc/self/fd`), must be inside staging: a
 * folder swapped for a symlink between the lstat checks and the open (only a slice still
 * running could) is caught here. Without `/proc` (not Linux) the lstat checks stand alone.
 */
async function opensInside(file: FileHandle, stagingDir: string): Promise<boolean> {
  const where = await readlink(`/proc/self/fd/${file.fd}`).catch(() => undefined)
  if (where === undefined) return true
  const root = await realpath(stagingDir)
  return where.startsWith(root + path.sep)
}
