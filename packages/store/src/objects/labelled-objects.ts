import type { ObjectStore } from './object-store.js'

/**
 * The store as the Barn hands it out: a read that names nothing still names what the object is
 * (e.g. the dataset versions stored under its key) when its bytes turn out corrupt.
 */
export function labelledObjects(
  store: ObjectStore,
  labelOf: (key: string) => Promise<string | undefined>,
): ObjectStore {
  return {
    kind: store.kind,
    put: (body) => store.put(body),
    get: (key, options) => store.get(key, { label: options?.label ?? (() => labelOf(key)) }),
    verify: (key) => store.verify(key),
    has: (key) => store.has(key),
    stat: (key) => store.stat(key),
    delete: (key) => store.delete(key),
  }
}
