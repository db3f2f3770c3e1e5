import { createReadStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type * as S3 from '@aws-sdk/client-s3'
import type { S3Client } from '@aws-sdk/client-s3'
import { ContentAddressedStore } from './content-addressed-store.js'
import { checkObjectKey, objectNotFound } from './object-key.js'
import type { ObjectBody, ObjectStat } from './object-store.js'
import { spool, type Spooled } from './spool.js'

/** Where an S3 object store keeps its objects. */
export interface S3ObjectStoreOptions {
  readonly client: S3Client
  readonly bucket: string
  /** Key prefix inside the bucket, e.g. `runink/objects/`. */
  readonly prefix?: string
}

/** The AWS SDK loads only when an S3 store is used: it is slow to import and most runs never need it. */
const sdk = (): Promise<typeof S3> => import('@aws-sdk/client-s3')

const isNotFound = (error: unknown): boolean => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404
}

/**
 * Objects in an S3-compatible bucket. The key is only known once the bytes are hashed, so a
 * streamed body is spooled to a local temporary file first; S3 PUTs are atomic per object, so
 * a repair replaces a corrupt object in one step.
 */
export class S3ObjectStore extends ContentAddressedStore {
  readonly kind = 's3'
  constructor(private readonly options: S3ObjectStoreOptions) {
    super()
  }

  private keyOf(key: string): string {
    return `${this.options.prefix ?? ''}${checkObjectKey(key)}`
  }

  protected async spoolBody(body: ObjectBody): Promise<Spooled & { done(): Promise<void> }> {
    const dir = await mkdtemp(join(tmpdir(), 'runink-s3-'))
    const done = (): Promise<void> => rm(dir, { recursive: true, force: true })
    try {
      return { ...(await spool(dir, body)), done }
    } catch (error) {
      await done()
      throw error
    }
  }

  protected async store(spooled: Spooled): Promise<void> {
    await this.options.client.send(
      new (await sdk()).PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.keyOf(spooled.key),
        Body: createReadStream(spooled.path),
        ContentLength: spooled.size,
      }),
    )
  }

  protected async readRaw(key: string): Promise<Readable> {
    try {
      const out = await this.options.client.send(
        new (await sdk()).GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }),
      )
      if (out.Body instanceof Readable) return out.Body
      return Readable.from(out.Body as unknown as AsyncIterable<Uint8Array>)
    } catch (error) {
      if (isNotFound(error)) throw objectNotFound(this.kind, key)
      throw error
    }
  }

  /** {@inheritDoc ObjectStore.stat} */
  async stat(key: string): Promise<ObjectStat | undefined> {
    try {
      const out = await this.options.client.send(
        new (await sdk()).HeadObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }),
      )
      return { key, size: out.ContentLength ?? 0 }
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }

  /** {@inheritDoc ObjectStore.delete} */
  async delete(key: string): Promise<boolean> {
    const existed = await this.has(key)
    if (existed) {
      await this.options.client.send(
        new (await sdk()).DeleteObjectCommand({
          Bucket: this.options.bucket,
          Key: this.keyOf(key),
        }),
      )
    }
    return existed
  }
}
