import type { ApiToken, RunToken, User, UserRoles } from '@runink/store'
import type { Permissions } from './permission.js'
import type { Principal } from './principal.js'

/** An API token as a principal: its role in its herd, or in every herd. */
export function tokenPrincipal(token: ApiToken): Principal {
  return {
    kind: 'token',
    id: token.id,
    name: token.name,
    instanceRole: token.herd === null ? token.role : null,
    herdRoles: token.herd === null ? {} : { [token.herd]: token.role },
    customRoles: {},
    run: null,
  }
}

/** A signed-in user as a principal: the roles of its memberships now (custom ones' permissions). */
export function userPrincipal(
  user: User,
  roles: UserRoles,
  customRoles: Readonly<Record<string, Permissions & { readonly name: string }>>,
): Principal {
  return {
    kind: 'user',
    id: user.id,
    name: user.email ?? user.subject,
    instanceRole: roles.instance,
    herdRoles: roles.herds,
    customRoles,
    run: null,
  }
}

/** A run token as a principal: no role anywhere, only its run. */
export function runPrincipal(token: RunToken): Principal {
  return {
    kind: 'run',
    id: token.id,
    name: token.runId,
    instanceRole: null,
    herdRoles: {},
    customRoles: {},
    run: { herd: token.herd, runId: token.runId },
  }
}
