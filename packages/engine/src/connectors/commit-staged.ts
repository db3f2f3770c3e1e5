import { copyFile, mkdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { SourceError } from './source-error.js'

/**
 * Moves a finished staged file to `target` atomically, creating directories. A rename does it
 * in one step; across file systems the bytes are copied to a temp file beside the target and
 * that is renamed, so the target is never seen half-written. The staged file is gone after.
 */
export async function commitStaged(staged: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true })
  try {
    await rename(staged, target)
    return
  } catch (error) {
    if ((error as { code?: string }).code !== 'EXDEV') throw commitError(error, staged, target)
  }
  const temp = join(dirname(target), `.${basename(target)}.${randomUUID()}.tmp`)
  try {
    await copyFile(staged, temp)
    await rename(temp, target)
  } catch (error) {
    await rm(temp, { force: true })
    throw commitError(error, staged, target)
  }
  await rm(staged, { force: true })
}

function commitError(error: unknown, staged: string, target: string): SourceError {
  return new SourceError(
    'RUNINK_SINK_FAILED',
    `cannot commit ${staged} to ${target}: ${(error as Error).message}`,
    { staged, target },
  )
}
