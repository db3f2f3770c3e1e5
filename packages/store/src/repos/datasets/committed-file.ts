import { createHash, randomUUID } from 'node:crypto'
import { constants } from 'node:fs'
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { ObjectStore } from '../../objects/object-store.js'

/** What a committed file sink is: where it goes, its temporary file, the object holding it. */
export interface CommittedFile {
  readonly target: string
  readonly temp: string
  readonly objectKey: string
}

const TEMP = /^\.(.+)\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.commit$/

/**
 * A fresh temporary name beside `target` (same folder, so the final rename is one step on one
 * file system): `.<name>.<uuid>.commit`, hidden, never another file's.
 */
export function commitTempOf(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomUUID()}.commit`)
}

/** True when `temp` is a name {@link commitTempOf} gives for `target` (checked before removal). */
export function isCommitTempOf(temp: string, target: string): boolean {
  return dirname(temp) === dirname(target) && TEMP.exec(basename(temp))?.[1] === basename(target)
}

/**
 * Removes a file sink's temporary file (a stage that did not commit). Only a regular file with
 * a name {@link commitTempOf} gives is removed; anything else is left and said.
 */
export async function removeCommitTemp(file: { target: string; temp: string }): Promise<void> {
  checkTemp(file)
  const info = await lstat(file.temp).catch(missing)
  if (info === undefined) return
  if (!info.isFile()) throw new Error(`${file.temp} is not a regular file: left in place`)
  await rm(file.temp, { force: true })
}

/**
 * Puts a committed file sink in place after a crash. Its temporary file is renamed when it
 * holds exactly the committed bytes (hashed against the object key); otherwise (lost, cut
 * short) the bytes come from the object store into a fresh temporary file, synced, renamed.
 * A target that already holds the committed bytes (the rename happened) is left as it is.
 */
export async function placeCommittedFile(
  objects: ObjectStore,
  file: CommittedFile,
): Promise<'renamed' | 'restored' | 'present'> {
  checkTemp(file)
  const temp = await lstat(file.temp).catch(missing)
  if (temp?.isFile() && (await sha256Of(file.temp)) === file.objectKey) {
    await rename(file.temp, file.target)
    return 'renamed'
  }
  if (temp?.isFile()) await rm(file.temp, { force: true })
  const target = await lstat(file.target).catch(missing)
  if (target?.isFile() && (await sha256Of(file.target)) === file.objectKey) return 'present'
  await mkdir(dirname(file.target), { recursive: true })
  const fresh = commitTempOf(file.target)
  const to = await open(fresh, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666)
  try {
    for await (const chunk of await objects.get(file.objectKey)) {
      const bytes = chunk as Buffer
      for (let at = 0; at < bytes.length;)
        at += (await to.write(bytes, at, bytes.length - at)).bytesWritten
    }
    await to.sync()
    await to.close()
    await rename(fresh, file.target)
  } catch (error) {
    await to.close().catch(() => undefined)
    await rm(fresh, { force: true })
    throw error
  }
  return 'restored'
}

function checkTemp(file: { target: string; temp: string }): void {
  if (!isCommitTempOf(file.temp, file.target))
    throw new Error(`${file.temp} is not a commit file of ${file.target}: left in place`)
}

/** The hex sha256 of a file's bytes (no symlink followed). */
async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW)
  try {
    for await (const chunk of handle.createReadStream({ autoClose: false }))
      hash.update(chunk as Buffer)
  } finally {
    await handle.close()
  }
  return hash.digest('hex')
}

function missing(error: unknown): undefined {
  if ((error as { code?: string }).code === 'ENOENT') return undefined
  throw error
}
