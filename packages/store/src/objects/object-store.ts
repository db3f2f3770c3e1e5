import type { Readable } from 'node:stream'

/** What an object store knows about one object. */
export interface ObjectStat {
  readonly key: string
  readonly size: number
}

/** The result of a put: the content key, its size, and whether the bytes were new. */
export interface PutResult extends ObjectStat {
  readonly created: boolean
}

/** Bytes to store: a buffer, or a stream read to its end. */
export type ObjectBody = Uint8Array | AsyncIterable<Uint8Array>

/**
 * A content-addressed object store: the key of an object is the hex sha256 of its bytes, so a
 * key names exactly one content, and putting the same bytes twice stores them once.
 */
export interface ObjectStore {
  /** `folder` or `s3`: for messages. */
  readonly kind: string
  /** Stores bytes and returns their key; the object is complete before this resolves. */
  put(body: ObjectBody): Promise<PutResult>
  /** Streams an object's bytes; RUNINK_STORE_NOT_FOUND when absent. */
  get(key: string): Promise<Readable>
  /** True when an object with this key exists. */
  has(key: string): Promise<boolean>
  /** Size of an object, or undefined when absent. */
  stat(key: string): Promise<ObjectStat | undefined>
  /** Removes an object; false when it was not there. Callers check references first. */
  delete(key: string): Promise<boolean>
}
