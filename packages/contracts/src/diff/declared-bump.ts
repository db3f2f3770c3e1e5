import { compareSemver, parseSemver } from '../load/semver.js'
import { Bump } from './contract-change.js'

/**
 * The bump from one version string to another: which of major, minor, patch went up. Equal
 * release numbers (a pre-release tag changing) count as `none`. Undefined unless both are semver.
 */
export function declaredBump(before: string, after: string): Bump | 'downgrade' | undefined {
  const a = parseSemver(before)
  const b = parseSemver(after)
  if (a === undefined || b === undefined) return undefined
  if (compareSemver(after, before) < 0) return 'downgrade'
  if (b.major !== a.major) return Bump.major
  if (b.minor !== a.minor) return Bump.minor
  if (b.patch !== a.patch) return Bump.patch
  return Bump.none
}
