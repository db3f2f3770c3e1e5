import { roleAllows, type HerdRole } from '@runink/core'
import type { Principal } from './principal.js'

/**
 * Who may call a route. `public`: anyone, no token (health, the OpenAPI document);
 * `signed-in`: any valid token (what it then sees is filtered to its herds); `instance`: a
 * token for every herd with at least `role` (admin: the instance admin); `herd`: at least
 * `role` in the herd the path names (`{herd}`), through a token of that herd or of every herd.
 */
export type AccessRule =
  | { readonly scope: 'public' }
  | { readonly scope: 'signed-in' }
  | { readonly scope: 'instance'; readonly role: HerdRole }
  | { readonly scope: 'herd'; readonly role: HerdRole }

/** Whether principal may call a route with this rule, for the herd its path names. */
export function allows(
  principal: Principal | undefined,
  rule: AccessRule,
  herd: string | undefined,
): boolean {
  switch (rule.scope) {
    case 'public':
      return true
    case 'signed-in':
      return principal !== undefined
    case 'instance':
      return principal?.herd === null && roleAllows(principal.role, rule.role)
    case 'herd':
      return (
        principal !== undefined &&
        herd !== undefined &&
        (principal.herd === null || principal.herd === herd) &&
        roleAllows(principal.role, rule.role)
      )
  }
}

/** The herds a principal may see in lists: all (undefined) or its own. */
export function visibleHerd(principal: Principal): string | undefined {
  return principal.herd ?? undefined
}
