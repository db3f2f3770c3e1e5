/** Diagnostic severities. */
export const Severity = { error: 'error', warning: 'warning', info: 'info' } as const
export type Severity = (typeof Severity)[keyof typeof Severity]

/** Validation modes: `strict` takes values as typed, `coerce` converts text (CSV) first. */
export const ValidationMode = { strict: 'strict', coerce: 'coerce' } as const
export type ValidationMode = (typeof ValidationMode)[keyof typeof ValidationMode]

/** How a slice was isolated, recorded as it actually was. */
export const Isolation = { sandbox: 'sandbox', process: 'process', none: 'none' } as const
export type Isolation = (typeof Isolation)[keyof typeof Isolation]

/** The values of a closed vocabulary object, for listing and checking. */
export function vocabulary<T extends Record<string, string>>(v: T): ReadonlyArray<T[keyof T]> {
  return Object.values(v) as Array<T[keyof T]>
}

/** True when `value` is one of the vocabulary's values. */
export function isOneOf<T extends Record<string, string>>(
  v: T,
  value: unknown,
): value is T[keyof T] {
  return typeof value === 'string' && (Object.values(v) as string[]).includes(value)
}

/** Compile-time exhaustiveness check for switches over a closed vocabulary. */
export function assertNever(value: never, what = 'value'): never {
  throw new TypeError(`unexpected ${what}: ${String(value)}`)
}
