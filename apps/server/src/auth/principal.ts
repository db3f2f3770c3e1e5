import { roleAllows, type HerdRole } from '@runink/core'
import type { Permissions } from './permission.js'

/** What authenticated a request: an API token, a signed-in user, or a run's own token. */
export const PrincipalKind = { token: 'token', user: 'user', run: 'run' } as const
export type PrincipalKind = (typeof PrincipalKind)[keyof typeof PrincipalKind]

/**
 * Who a request acts as, once authenticated. An API token holds one role in one herd or in
 * every herd; a user holds the roles of its memberships (one per herd, and maybe one in every
 * herd); a run token holds no role at all: it may only read its own run.
 */
export interface Principal {
  readonly kind: PrincipalKind
  readonly id: string
  /** A label for people: the token's name, the user's email (else subject), the run's id. */
  readonly name: string
  /** The role it holds in every herd (and on instance routes); null when none. */
  readonly instanceRole: HerdRole | null
  /** Its roles in single herds. */
  readonly herdRoles: Readonly<Record<string, HerdRole>>
  /** The custom role it holds in a herd (its name and permissions), by herd (users only). */
  readonly customRoles: Readonly<Record<string, Permissions & { readonly name: string }>>
  /** A run token's run, the one thing it may touch; null for every other principal. */
  readonly run: { readonly herd: string; readonly runId: string } | null
}

/** The actor audit entries name for a principal: `<kind>:<name>@<id>` (the id makes it unique). */
export function actorOf(principal: Principal): string {
  return `${principal.kind}:${principal.name}@${principal.id}`
}

/** The role a principal holds in a herd: the higher of its instance-wide and herd roles. */
export function roleIn(principal: Principal, herd: string): HerdRole | undefined {
  const own = Object.hasOwn(principal.herdRoles, herd) ? principal.herdRoles[herd] : undefined
  const every = principal.instanceRole ?? undefined
  if (own === undefined || every === undefined) return own ?? every
  return roleAllows(own, every) ? own : every
}

/** Whether a principal sees every herd (an instance-wide role): it may be told other herds' names. */
export function seesEveryHerd(principal: Principal | undefined): boolean {
  return principal !== undefined && principal.instanceRole !== null
}

/** Whether a principal sees this herd in lists: with any role there, a custom one included. */
export function seesHerd(principal: Principal | undefined, herd: string): boolean {
  return (
    principal !== undefined &&
    (roleIn(principal, herd) !== undefined || Object.hasOwn(principal.customRoles, herd))
  )
}

/** The name of the custom role a principal holds in a herd, if any. */
export function customRoleOf(principal: Principal, herd: string): string | undefined {
  return Object.hasOwn(principal.customRoles, herd) ? principal.customRoles[herd]?.name : undefined
}
