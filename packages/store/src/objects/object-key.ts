import { RuninkError } from '@runink/core'
import { StoreErrors } from '../errors.js'

const KEY = /^[0-9a-f]{64}$/

/** Rejects anything but a 64-hex sha256: keys end up in paths and URLs. */
export function checkObjectKey(key: string): string {
  if (!KEY.test(key)) {
    throw new RuninkError(StoreErrors.RUNINK_STORE_BAD_REF, `not an object key: ${key}`, {
      details: { key },
    })
  }
  return key
}

/** The not-found error every implementation raises. */
export function objectNotFound(kind: string, key: string): RuninkError {
  return new RuninkError(
    StoreErrors.RUNINK_STORE_NOT_FOUND,
    `no object ${key} in the ${kind} store`,
    {
      details: { key },
    },
  )
}

/** Iterates a body as chunks, whether bytes or a stream. */
export async function* chunksOf(
  body: Uint8Array | AsyncIterable<Uint8Array>,
): AsyncIterable<Uint8Array> {
  if (body instanceof Uint8Array) yield body
  else yield* body
}
