import { roleAllows, type HerdRole } from '@runink/core'
import { permits, type Verb } from './permission.js'
import { roleIn, type Principal } from './principal.js'

/**
 * Who may call a route. `public`: anyone, no credential (health, the OpenAPI document);
 * `signed-in`: any token or user (what it then sees is filtered to its herds), never a run
 * token; `instance`: at least `role` in every herd (admin: an instance admin); `herd`: at least
 * `role` in the herd the path names (`{herd}`), through a role in that herd or in every herd. A
 * run token passes only a viewer `herd` rule, in its own herd, on a path naming its own run
 * (`{runId}`): it reads its run and nothing else. A user holding a custom role in the herd passes
 * a `herd` rule when the role's permissions allow the request's verb on its resource (see
 * permission.ts), whatever built-in role the rule names.
 */
export type AccessRule =
  | { readonly scope: 'public' }
  | { readonly scope: 'signed-in' }
  | { readonly scope: 'instance'; readonly role: HerdRole }
  | { readonly scope: 'herd'; readonly role: HerdRole }

/** What a request's path names, as far as access goes. */
export interface AccessTarget {
  readonly herd?: string | undefined
  readonly runId?: string | undefined
  /** The request's verb and resource, for custom roles (herd routes). */
  readonly verb?: Verb | undefined
  readonly resource?: string | undefined
}

/** Whether principal may call a route with this rule, for what its path names. */
export function allows(
  principal: Principal | undefined,
  rule: AccessRule,
  target: AccessTarget,
): boolean {
  if (rule.scope === 'public') return true
  if (principal === undefined) return false
  if (principal.run !== null)
    return (
      rule.scope === 'herd' &&
      rule.role === 'viewer' &&
      target.herd === principal.run.herd &&
      target.runId === principal.run.runId
    )
  switch (rule.scope) {
    case 'signed-in':
      return true
    case 'instance':
      return principal.instanceRole !== null && roleAllows(principal.instanceRole, rule.role)
    case 'herd': {
      if (target.herd === undefined) return false
      const role = roleIn(principal, target.herd)
      if (role !== undefined && roleAllows(role, rule.role)) return true
      const custom = Object.hasOwn(principal.customRoles, target.herd)
        ? principal.customRoles[target.herd]
        : undefined
      return (
        custom !== undefined &&
        target.verb !== undefined &&
        target.resource !== undefined &&
        permits(custom, target.verb, target.resource)
      )
    }
  }
}
