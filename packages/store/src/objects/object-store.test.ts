import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import { createHash } from 'node:crypto'
import { freePort, makeTempDir, type TempDir } from '@runink/testing'
import { FolderObjectStore } from './folder-object-store.js'
import { S3ObjectStore } from './s3-object-store.js'
import type { ObjectStore } from './object-store.js'

/** How each implementation is brought up and torn down for the one shared suite. */
interface Harness {
  readonly name: string
  setup(): Promise<{
    store: ObjectStore
    /** Overwrites an object's bytes behind the store's back, as an attacker with access would. */
    tamper(key: string, bytes: Buffer): Promise<void>
    teardown(): Promise<void>
  }>
}

const harnesses: Harness[] = [
  {
    name: 'folder',
    async setup() {
      const dir = await makeTempDir()
      return {
        store: new FolderObjectStore(dir.path),
        tamper: (key, bytes) => writeFile(join(dir.path, key.slice(0, 2), key.slice(2)), bytes),
        teardown: () => dir.remove(),
      }
    },
  },
  {
    name: 's3 (s3rver)',
    async setup() {
      const dir = await makeTempDir()
      const port = await freePort()
      const server = new S3rver({
        address: '127.0.0.1',
        port,
        silent: true,
        directory: dir.path,
        configureBuckets: [{ name: 'runink' }],
      })
      await server.run()
      const client = new S3Client({
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        forcePathStyle: true,
        // s3rver predates aws-chunked uploads with trailing checksums: it would store the framing.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      })
      const store = new S3ObjectStore({ client, bucket: 'runink', prefix: 'objects/' })
      return {
        store,
        async tamper(key, bytes) {
          await client.send(
            new PutObjectCommand({ Bucket: 'runink', Key: `objects/${key}`, Body: bytes }),
          )
        },
        async teardown() {
          client.destroy()
          await server.close()
          await dir.remove()
        },
      }
    },
  },
]

const sha = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex')

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array))
  return Buffer.concat(chunks)
}

describe.each(harnesses)('ObjectStore: $name', (harness) => {
  let store: ObjectStore
  let tamper: (key: string, bytes: Buffer) => Promise<void>
  let teardown: () => Promise<void>
  beforeAll(async () => {
    ;({ store, tamper, teardown } = await harness.setup())
  })
  afterAll(() => teardown())

  it('keys bytes by their sha256 and reads them back', async () => {
    const bytes = new TextEncoder().encode('hello barn')
    const put = await store.put(bytes)
    expect(put).toEqual({ key: sha(bytes), size: bytes.byteLength, created: true })
    expect(await store.has(put.key)).toBe(true)
    expect(await store.stat(put.key)).toEqual({ key: put.key, size: 10 })
    expect((await readAll(await store.get(put.key))).toString()).toBe('hello barn')
  })

  it('stores a stream of many chunks under the hash of the whole content', async () => {
    const parts = Array.from({ length: 50 }, (_, i) => Buffer.from(`line ${i}\n`.repeat(1000)))
    const whole = Buffer.concat(parts)
    const put = await store.put(Readable.from(parts))
    expect(put.key).toBe(sha(whole))
    expect(put.size).toBe(whole.byteLength)
    expect((await readAll(await store.get(put.key))).equals(whole)).toBe(true)
  })

  it('stores identical content once', async () => {
    const first = await store.put(Buffer.from('same'))
    const second = await store.put(Readable.from([Buffer.from('sa'), Buffer.from('me')]))
    expect(second.key).toBe(first.key)
    expect(second.created).toBe(false)
  })

  it('reports absent objects and deletes present ones', async () => {
    const missing = sha('never stored')
    expect(await store.has(missing)).toBe(false)
    expect(await store.stat(missing)).toBeUndefined()
    await expect(store.get(missing)).rejects.toMatchObject({ code: 'RUNINK_STORE_NOT_FOUND' })
    const put = await store.put(Buffer.from('to delete'))
    expect(await store.delete(put.key)).toBe(true)
    expect(await store.has(put.key)).toBe(false)
    expect(await store.delete(put.key)).toBe(false)
  })

  it('rejects keys that are not sha256 hex (no path tricks)', async () => {
    await expect(store.has('../etc/passwd')).rejects.toMatchObject({ code: 'RUNINK_STORE_BAD_REF' })
    await expect(store.get('ABC')).rejects.toMatchObject({ code: 'RUNINK_STORE_BAD_REF' })
  })

  it('fails a read of tampered bytes at its end, naming the object and its label', async () => {
    const good = Buffer.from('{"id":1,"amount":100}\n'.repeat(2000))
    const put = await store.put(good)
    const bad = Buffer.from(good)
    bad[10] = '9'.charCodeAt(0) // one flipped byte, same length
    await tamper(put.key, bad)
    const body = await store.get(put.key, { label: 'dataset://silver.trades@3' })
    const error = await readAll(body).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toMatchObject({
      code: 'RUNINK_STORE_OBJECT_CORRUPT',
      message: expect.stringContaining(`dataset://silver.trades@3: object ${put.key}`),
    })
    expect(await store.verify(put.key)).toEqual({
      key: put.key,
      state: 'corrupt',
      actual: sha(bad),
      size: bad.byteLength,
    })
    // An intact object reads and verifies clean.
    const other = await store.put(Buffer.from('intact'))
    expect((await readAll(await store.get(other.key))).toString()).toBe('intact')
    expect(await store.verify(other.key)).toEqual({ key: other.key, state: 'ok', size: 6 })
    expect(await store.verify(sha('absent'))).toEqual({ key: sha('absent'), state: 'missing' })
  })

  it('a put of bytes whose key is stored but tampered rewrites them (not kept)', async () => {
    const good = Buffer.from('gold,42\n'.repeat(500))
    const first = await store.put(good)
    await tamper(first.key, Buffer.from('gold,41\n'.repeat(500)))
    const again = await store.put(Readable.from([good.subarray(0, 100), good.subarray(100)]))
    expect(again).toEqual({ key: first.key, size: good.byteLength, created: false, repaired: true })
    expect((await readAll(await store.get(first.key))).equals(good)).toBe(true)
    // Intact: a second put is a no-op.
    expect(await store.put(good)).toEqual({ key: first.key, size: good.byteLength, created: false })
  })

  it('a failing stream leaves no object behind', async () => {
    async function* broken(): AsyncIterable<Uint8Array> {
      yield Buffer.from('partial')
      throw new Error('source died')
    }
    await expect(store.put(broken())).rejects.toThrow('source died')
    expect(await store.has(sha('partial'))).toBe(false)
  })
})

describe('FolderObjectStore modes', () => {
  let dir: TempDir
  beforeAll(async () => (dir = await makeTempDir()))
  afterAll(() => dir.remove())
  it('writes objects 0600 in folders 0700, whatever the umask', async () => {
    const old = process.umask(0o022)
    try {
      const store = new FolderObjectStore(join(dir.path, 'objects'))
      const put = await store.put(Buffer.from('private'))
      const mode = async (p: string): Promise<number> => (await stat(p)).mode & 0o777
      expect(await mode(join(dir.path, 'objects'))).toBe(0o700)
      expect(await mode(join(dir.path, 'objects', 'tmp'))).toBe(0o700)
      expect(await mode(join(dir.path, 'objects', put.key.slice(0, 2)))).toBe(0o700)
      expect(await mode(join(dir.path, 'objects', put.key.slice(0, 2), put.key.slice(2)))).toBe(
        0o600,
      )
    } finally {
      process.umask(old)
    }
  })
})

describe('FolderObjectStore atomicity', () => {
  let dir: TempDir
  beforeAll(async () => (dir = await makeTempDir()))
  afterAll(() => dir.remove())
  it('leaves no temporary files after puts, failed or not', async () => {
    const store = new FolderObjectStore(dir.path)
    await store.put(Buffer.from('a'))
    async function* broken(): AsyncIterable<Uint8Array> {
      yield Buffer.from('b')
      throw new Error('x')
    }
    await store.put(broken()).catch(() => undefined)
    expect(await readdir(`${dir.path}/tmp`)).toEqual([])
  })
})
