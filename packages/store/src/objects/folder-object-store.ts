import { createReadStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { checkObjectKey, objectNotFound } from './object-key.js'
import type { ObjectBody, ObjectStat, ObjectStore, PutResult } from './object-store.js'
import { spool } from './spool.js'

/**
 * Objects as files under a folder (`ab/cdef…`). A put writes a temporary file in the same
 * folder tree and renames it into place, so a crash never leaves a partial object under a key.
 */
export class FolderObjectStore implements ObjectStore {
  readonly kind = 'folder'
  constructor(readonly root: string) {}

  private pathOf(key: string): string {
    checkObjectKey(key)
    return join(this.root, key.slice(0, 2), key.slice(2))
  }

  /** {@inheritDoc ObjectStore.put} */
  async put(body: ObjectBody): Promise<PutResult> {
    const tmp = join(this.root, 'tmp')
    await mkdir(tmp, { recursive: true })
    const spooled = await spool(tmp, body)
    const target = this.pathOf(spooled.key)
    if (await this.stat(spooled.key)) {
      await spooled.discard()
      return { key: spooled.key, size: spooled.size, created: false }
    }
    await mkdir(join(this.root, spooled.key.slice(0, 2)), { recursive: true })
    await rename(spooled.path, target)
    return { key: spooled.key, size: spooled.size, created: true }
  }

  /** {@inheritDoc ObjectStore.get} */
  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key)
    if (!(await this.stat(key))) throw objectNotFound(this.kind, key)
    return createReadStream(path)
  }

  /** {@inheritDoc ObjectStore.has} */
  async has(key: string): Promise<boolean> {
    return (await this.stat(key)) !== undefined
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
