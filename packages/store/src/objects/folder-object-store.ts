import { createReadStream } from 'node:fs'
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { ContentAddressedStore } from './content-addressed-store.js'
import { checkObjectKey, objectNotFound } from './object-key.js'
import type { ObjectBody, ObjectStat } from './object-store.js'
import { spool, type Spooled } from './spool.js'

/** Folders of the store are private to its owner (0700), objects 0600 (written by spool). */
const DIR_MODE = 0o700

/**
 * Objects as files under a folder (`ab/cdef…`). A put writes a temporary file in the same
 * folder tree and renames it into place, so a crash never leaves a partial object under a key,
 * and a repair replaces a corrupt object in one step.
 */
export class FolderObjectStore extends ContentAddressedStore {
  readonly kind = 'folder'
  constructor(readonly root: string) {
    super()
  }

  private pathOf(key: string): string {
    checkObjectKey(key)
    return join(this.root, key.slice(0, 2), key.slice(2))
  }

  private async privateDir(path: string): Promise<void> {
    await mkdir(path, { recursive: true, mode: DIR_MODE })
    await chmod(path, DIR_MODE)
  }

  protected async spoolBody(body: ObjectBody): Promise<Spooled & { done(): Promise<void> }> {
    await this.privateDir(this.root)
    const tmp = join(this.root, 'tmp')
    await this.privateDir(tmp)
    const spooled = await spool(tmp, body)
    return { ...spooled, done: () => spooled.discard() }
  }

  protected async store(spooled: Spooled): Promise<void> {
    await this.privateDir(join(this.root, spooled.key.slice(0, 2)))
    await rename(spooled.path, this.pathOf(spooled.key))
  }

  protected async readRaw(key: string): Promise<Readable> {
    const path = this.pathOf(key)
    if (!(await this.stat(key))) throw objectNotFound(this.kind, key)
    return createReadStream(path)
  }

  /** {@inheritDoc ObjectStore.stat} */
  async stat(key: string): Promise<ObjectStat | undefined> {
    try {
      const s = await stat(this.pathOf(key))
      return { key, size: s.size }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }

  /** {@inheritDoc ObjectStore.delete} */
  async delete(key: string): Promise<boolean> {
    const existed = await this.has(key)
    await rm(this.pathOf(key), { force: true })
    return existed
  }
}
