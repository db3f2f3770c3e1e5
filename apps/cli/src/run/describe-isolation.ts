import { Isolation } from '@runink/core'

/**
 * What an isolation meant, for people: one that did not limit memory, CPU and processes says
 * so in words, so no report reads "sandbox" where those limits did not hold.
 */
export function describeIsolation(isolation: string): string {
  if (isolation === Isolation.none) return 'none: no isolation, no limits'
  if (isolation === Isolation.sandboxRlimits || isolation === Isolation.processRlimits)
    return `${isolation}: no cgroups, so memory, CPU and process count were not limited`
  return isolation
}
