/** A parsed semantic version (semver.org 2.0.0); build metadata does not affect precedence. */
export interface Semver {
  readonly major: number
  readonly minor: number
  readonly patch: number
  readonly prerelease: readonly string[]
}

// The official semver.org pattern, without the build-metadata capture (it has no precedence).
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/

/** The parts of a semantic version string, or undefined when it is not one. */
export function parseSemver(text: string): Semver | undefined {
  const m = SEMVER.exec(text)
  if (m === null) return undefined
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3]),
    prerelease: m[4] === undefined ? [] : m[4].split('.'),
  }
}

/** True when `text` is a semantic version such as `1.2.0` or `2.0.0-rc.1`. */
export function isSemver(text: string): boolean {
  return parseSemver(text) !== undefined
}

const isNumeric = (id: string): boolean => /^\d+$/.test(id)

function compareIdentifiers(a: string, b: string): number {
  const an = isNumeric(a)
  const bn = isNumeric(b)
  if (an && bn) return Number(a) - Number(b)
  // Numeric identifiers have lower precedence than alphanumeric ones (semver §11.4.3).
  if (an !== bn) return an ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}

function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  // A version without a pre-release outranks the same version with one (1.0.0 > 1.0.0-rc.1).
  if (a.length === 0 || b.length === 0) return b.length - a.length
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareIdentifiers(a[i] ?? '', b[i] ?? '')
    if (c !== 0) return c
  }
  return a.length - b.length
}

/** Semver precedence: negative when a < b, 0 when equal, positive when a > b. Invalid sorts first. */
export function compareSemver(a: string, b: string): number {
  const pa = parseSemver(a)
  const pb = parseSemver(b)
  if (pa === undefined || pb === undefined) {
    if (pa === pb) return a < b ? -1 : a > b ? 1 : 0
    return pa === undefined ? -1 : 1
  }
  return (
    pa.major - pb.major ||
    pa.minor - pb.minor ||
    pa.patch - pb.patch ||
    comparePrerelease(pa.prerelease, pb.prerelease)
  )
}
