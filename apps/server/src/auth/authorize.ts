import { RuninkError } from '@runink/core'
import { ServerCodes } from '@runink/protocol'
import type { MiddlewareHandler } from 'hono'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { allows, type AccessRule } from './access-rule.js'
import { actorOf, type Principal } from './principal.js'

const BEARER = /^Bearer +(\S+)$/i

/** What a rule asks for, in words, for the 403 message. */
export function describeRule(rule: AccessRule): string {
  switch (rule.scope) {
    case 'public':
      return 'nothing'
    case 'signed-in':
      return 'a valid token'
    case 'instance':
      return `the ${rule.role} role on every herd (an instance-wide token)`
    case 'herd':
      return `the ${rule.role} role in this herd`
  }
}

/**
 * The route middleware enforcing a route's access rule: reads `Authorization: Bearer <token>`,
 * authenticates it against the Barn's tokens (401 when missing or not a live token), and checks
 * the rule for the herd the path names (403, audited as `auth.deny` with the actor, route and
 * request id, when it does not allow). Deny by default: a route without a rule is refused when
 * the app is built (see createApp).
 */
export function authorize(deps: ServerDeps, rule: AccessRule): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    if (rule.scope === 'public') return next()
    const header = c.req.header('authorization')
    if (header === undefined)
      throw new RuninkError(
        ServerCodes.RUNINK_AUTH_MISSING,
        'this route needs an API token: send Authorization: Bearer rk_…',
      )
    const secret = BEARER.exec(header)?.[1]
    const token = secret === undefined ? undefined : await deps.barn.tokens.authenticate(secret)
    if (token === undefined)
      throw new RuninkError(
        ServerCodes.RUNINK_AUTH_INVALID,
        'the API token is not valid: unknown, malformed, revoked or expired',
      )
    const principal: Principal = {
      kind: 'token',
      id: token.id,
      name: token.name,
      herd: token.herd,
      role: token.role,
    }
    c.set('principal', principal)
    const herd = c.req.param('herd')
    if (!allows(principal, rule, herd)) {
      const route = `${c.req.method} ${c.req.routePath}`
      await deps.barn.audit.append({
        action: 'auth.deny',
        resource: route,
        actor: actorOf(principal),
        herd: herd ?? null,
        requestId: c.get('requestId'),
        payload: { path: c.req.path, needs: rule },
      })
      throw new RuninkError(
        ServerCodes.RUNINK_AUTH_FORBIDDEN,
        `${actorOf(principal)} may not ${route}: it needs ${describeRule(rule)}`,
        { details: { route, needs: { ...rule } } },
      )
    }
    await next()
  }
}
