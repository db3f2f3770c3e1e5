/** Object helpers that never touch prototypes, whatever the keys. */

/** True for objects made by `{}`/`JSON.parse` or `Object.create(null)`: no arrays, no class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Sets an own enumerable property; `__proto__` becomes a plain key instead of a prototype. */
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

/**
 * A shallow copy with only own enumerable members. Spread defines each member as data, so a
 * `__proto__` key stays a plain own key; V8 also clones records of one shape quickly this way.
 */
export function copyRecord(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { ...record }
}

/** The own property `key`, or undefined: inherited members such as `constructor` do not count. */
export function ownValue(target: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(target, key)
    ? (target as Record<string, unknown>)[key]
    : undefined
}

/** Deepest nesting {@link isJsonValue} follows: deeper values are refused, not overflowed. */
const MAX_JSON_DEPTH = 512

/**
 * True for a value JSON can represent: null, booleans, finite numbers, strings, and arrays and
 * plain objects of them. Cycles are refused; shared references are checked once.
 */
export function isJsonValue(value: unknown): boolean {
  if (value === null) return true
  const t = typeof value
  if (t === 'string' || t === 'boolean') return true
  if (t === 'number') return Number.isFinite(value)
  if (t !== 'object') return false
  return isJsonContainer(value as object, new Set(), new Set(), 0)
}

function isJsonContainer(
  value: object,
  open: Set<object>,
  done: Set<object>,
  depth: number,
): boolean {
  if (done.has(value)) return true
  if (open.has(value) || depth > MAX_JSON_DEPTH) return false
  const array = Array.isArray(value)
  if (!array && !isPlainObject(value)) return false
  open.add(value)
  const members: unknown[] = array ? Array.from(value as unknown[]) : Object.values(value)
  for (const member of members) {
    if (member === null || typeof member === 'string' || typeof member === 'boolean') continue
    if (typeof member === 'number') {
      if (!Number.isFinite(member)) return false
    } else if (typeof member !== 'object' || !isJsonContainer(member, open, done, depth + 1)) {
      return false
    }
  }
  open.delete(value)
  done.add(value)
  return true
}
