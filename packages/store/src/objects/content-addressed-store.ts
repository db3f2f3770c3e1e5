import type { Readable } from 'node:stream'
import { objectCorrupt } from './object-corrupt.js'
import type {
  GetOptions,
  ObjectBody,
  ObjectCheck,
  ObjectStat,
  ObjectStore,
  PutResult,
} from './object-store.js'
import type { Spooled } from './spool.js'
import { hashOfStream, verifiedStream } from './verified-stream.js'

/**
 * The verification both object stores share: reads are hashed against the key as they stream,
 * and a put whose key is already stored checks the stored bytes and rewrites them when they do
 * not match. Subclasses only move bytes: spool a body, store a spooled file under its key
 * (replacing whatever is there), and read raw bytes.
 */
export abstract class ContentAddressedStore implements ObjectStore {
  abstract readonly kind: string

  /** Writes a body to a local temporary file with its hash; `done` cleans up what is left. */
  protected abstract spoolBody(body: ObjectBody): Promise<Spooled & { done(): Promise<void> }>
  /** Stores a spooled file under its key, atomically replacing any object already there. */
  protected abstract store(spooled: Spooled): Promise<void>
  /** The stored bytes, unchecked; RUNINK_STORE_NOT_FOUND when absent. */
  protected abstract readRaw(key: string): Promise<Readable>
  abstract stat(key: string): Promise<ObjectStat | undefined>
  abstract delete(key: string): Promise<boolean>

  /** {@inheritDoc ObjectStore.put} */
  async put(body: ObjectBody): Promise<PutResult> {
    const spooled = await this.spoolBody(body)
    try {
      const existing = await this.verify(spooled.key)
      if (existing.state === 'ok') return { key: spooled.key, size: spooled.size, created: false }
      await this.store(spooled)
      return existing.state === 'missing'
        ? { key: spooled.key, size: spooled.size, created: true }
        : { key: spooled.key, size: spooled.size, created: false, repaired: true }
    } finally {
      await spooled.done()
    }
  }

  /** {@inheritDoc ObjectStore.get} */
  async get(key: string, options: GetOptions = {}): Promise<Readable> {
    const raw = await this.readRaw(key)
    return verifiedStream(raw, key, async (actual) => {
      const label =
        typeof options.label === 'function'
          ? await options.label().catch(() => undefined)
          : options.label
      return objectCorrupt(this.kind, key, actual, label)
    })
  }

  /** {@inheritDoc ObjectStore.verify} */
  async verify(key: string): Promise<ObjectCheck> {
    if (!(await this.stat(key))) return { key, state: 'missing' }
    let raw: Readable
    try {
      raw = await this.readRaw(key)
    } catch (error) {
      if ((error as { code?: string }).code === 'RUNINK_STORE_NOT_FOUND')
        return { key, state: 'missing' }
      throw error
    }
    const { hex, size } = await hashOfStream(raw)
    return hex === key ? { key, state: 'ok', size } : { key, state: 'corrupt', actual: hex, size }
  }

  /** {@inheritDoc ObjectStore.has} */
  async has(key: string): Promise<boolean> {
    return (await this.stat(key)) !== undefined
  }
}
