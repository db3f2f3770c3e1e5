import { RuninkError } from '@runink/core'
import { ServerCodes } from '@runink/protocol'
import { RUN_TOKEN_PREFIX, SESSION_PREFIX } from '@runink/store'
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import type { Permissions } from './permission.js'
import type { Principal } from './principal.js'
import { runPrincipal, tokenPrincipal, userPrincipal } from './principal-of.js'
import { CSRF_HEADER, isSafeMethod, SESSION_COOKIE } from './session-cookie.js'

const BEARER = /^Bearer +(\S+)$/i

function invalid(what: string): RuninkError {
  return new RuninkError(
    ServerCodes.RUNINK_AUTH_INVALID,
    `the ${what} is not valid: unknown, malformed, revoked or expired`,
  )
}

/** The user of a live session or JWT, with its memberships now; undefined if it is gone. */
export async function principalOfUser(
  deps: ServerDeps,
  userId: string,
): Promise<Principal | undefined> {
  const user = await deps.barn.users.get(userId)
  if (!user) return undefined
  const roles = await deps.barn.members.rolesOf(userId)
  const custom: Record<string, Permissions & { name: string }> = {}
  for (const [herd, name] of Object.entries(roles.custom)) {
    const role = await deps.barn.roles.get(herd, name)
    if (role) custom[herd] = { name, allow: role.allow, deny: role.deny }
  }
  return userPrincipal(user, roles, custom)
}

async function bearer(deps: ServerDeps, secret: string): Promise<Principal> {
  if (secret.startsWith(RUN_TOKEN_PREFIX)) {
    const token = await deps.barn.runTokens.authenticate(secret)
    if (token) return runPrincipal(token)
    throw invalid('run token')
  }
  if (secret.split('.').length === 3 && deps.jwt) {
    const userId = await deps.jwt.verify(secret)
    const principal = userId === undefined ? undefined : await principalOfUser(deps, userId)
    if (principal) return principal
    throw new RuninkError(
      ServerCodes.RUNINK_AUTH_INVALID,
      'the JWT is not valid: expired, not signed by this server, or for a user that is gone (run runi login again)',
    )
  }
  const token = await deps.barn.tokens.authenticate(secret)
  if (token) return tokenPrincipal(token)
  throw invalid('API token')
}

/**
 * Who a request is: `Authorization: Bearer` with an API token (`rk_…`), a run token
 * (`rr_…`) or a JWT this server signed; else the console's session cookie, which for a method that
 * changes something must come with the CSRF header (403 RUNINK_AUTH_CSRF without it).
 * Undefined when the request carries none of them; 401 RUNINK_AUTH_INVALID for one that is not
 * live.
 */
export async function authenticate(
  deps: ServerDeps,
  c: Context<ServerEnv>,
): Promise<Principal | undefined> {
  const header = c.req.header('authorization')
  if (header !== undefined) {
    const secret = BEARER.exec(header)?.[1]
    if (secret === undefined) throw invalid('Authorization header')
    return bearer(deps, secret)
  }
  const cookie = getCookie(c, SESSION_COOKIE)
  if (cookie === undefined) return undefined
  const session = cookie.startsWith(SESSION_PREFIX)
    ? await deps.barn.sessions.authenticate(cookie)
    : undefined
  const principal = session ? await principalOfUser(deps, session.userId) : undefined
  if (!principal) throw invalid('session')
  if (!isSafeMethod(c.req.method) && !c.req.header(CSRF_HEADER))
    throw new RuninkError(
      ServerCodes.RUNINK_AUTH_CSRF,
      `a request signed in by the session cookie must send the ${CSRF_HEADER} header to ${c.req.method}`,
      { details: { header: CSRF_HEADER } },
    )
  return principal
}
