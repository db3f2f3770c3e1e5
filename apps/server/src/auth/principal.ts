import type { HerdRole } from '@runink/core'

/**
 * Who a request acts as, once authenticated: today an API token, scoped to one herd or (herd
 * null) to every herd; an instance-wide admin token is an instance admin.
 */
export interface Principal {
  readonly kind: 'token'
  readonly id: string
  readonly name: string
  readonly herd: string | null
  readonly role: HerdRole
}

/** The actor audit entries name for a principal: `token:<name>@<id>` (the id makes it unique). */
export function actorOf(principal: Principal): string {
  return `${principal.kind}:${principal.name}@${principal.id}`
}
