/** True for a plain JSON-like object (not an array, date or class instance). */
export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Sets an own property, even one named `__proto__`, without touching prototypes. Plain
 * assignment for every other key: it keeps the record a fast (non-dictionary) object, and is
 * safe because records are plain objects (`Object.prototype` or null) with no setters but
 * `__proto__`'s.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  } else {
    target[key] = value
  }
}

/** A shallow copy with only own enumerable members. */
export function copyRecord(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(record)) setOwn(out, key, record[key])
  return out
}
