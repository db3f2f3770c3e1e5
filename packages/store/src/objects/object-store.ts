import type { Readable } from 'node:stream'

/** What an object store knows about one object. */
export interface ObjectStat {
  readonly key: string
  readonly size: number
}

/**
 * The result of a put: the content key, its size, and whether the bytes were new. `repaired`:
 * an object was already stored under the key but its bytes no longer hashed to it (tampered or
 * rotted), and it was rewritten from the new bytes.
 */
export interface PutResult extends ObjectStat {
  readonly created: boolean
  readonly repaired?: boolean
}

/** Bytes to store: a buffer, or a stream read to its end. */
export type ObjectBody = Uint8Array | AsyncIterable<Uint8Array>

/** Says what an object is, for the error raised when its bytes are corrupt. */
export type ObjectLabel = string | (() => Promise<string | undefined>)

/** Options for {@link ObjectStore.get}. */
export interface GetOptions {
  /** What the object is (e.g. `dataset://x@3`), named in the corrupt-object error. */
  readonly label?: ObjectLabel
}

/** The outcome of {@link ObjectStore.verify}. */
export type ObjectCheck =
  | { readonly key: string; readonly state: 'ok'; readonly size: number }
  | { readonly key: string; readonly state: 'missing' }
  | {
      readonly key: string
      readonly state: 'corrupt'
      readonly actual: string
      readonly size: number
    }

/**
 * A content-addressed object store: the key of an object is the hex sha256 of its bytes, so a
 * key names exactly one content, and putting the same bytes twice stores them once. Every read
 * is checked against the key.
 */
export interface ObjectStore {
  /** `folder` or `s3`: for messages. */
  readonly kind: string
  /**
   * Stores bytes and returns their key; the object is complete before this resolves. When the
   * key is already stored, the stored bytes are checked and rewritten if they do not hash to it.
   */
  put(body: ObjectBody): Promise<PutResult>
  /**
   * Streams an object's bytes; RUNINK_STORE_NOT_FOUND when absent. The bytes are hashed as they
   * pass and the stream fails at its end with RUNINK_STORE_OBJECT_CORRUPT when they do not hash
   * to the key, so a consumer never sees a clean end of tampered bytes.
   */
  get(key: string, options?: GetOptions): Promise<Readable>
  /** Reads an object through and says whether it is intact, missing or corrupt. */
  verify(key: string): Promise<ObjectCheck>
  /** True when an object with this key exists. */
  has(key: string): Promise<boolean>
  /** Size of an object, or undefined when absent. */
  stat(key: string): Promise<ObjectStat | undefined>
  /** Removes an object; false when it was not there. Callers check references first. */
  delete(key: string): Promise<boolean>
}
