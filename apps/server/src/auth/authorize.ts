import { RuninkError } from '@runink/core'
import { ServerCodes } from '@runink/protocol'
import type { MiddlewareHandler } from 'hono'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { allows, type AccessRule } from './access-rule.js'
import { authenticate } from './authenticate.js'
import { resourceOf, verbOf } from './permission.js'
import { actorOf } from './principal.js'

/** What a rule asks for, in words, for the 403 message. */
export function describeRule(rule: AccessRule): string {
  switch (rule.scope) {
    case 'public':
      return 'nothing'
    case 'signed-in':
      return 'a valid token or a signed-in user'
    case 'instance':
      return `the ${rule.role} role on every herd (an instance-wide token or instance member)`
    case 'herd':
      return `the ${rule.role} role in this herd`
  }
}

/**
 * The route middleware enforcing a route's access rule: authenticates the request (see
 * authenticate: 401 when there is no credential or it is not live), and checks the rule for what
 * the path names (403, audited as `auth.deny` with the actor, route and request id, when it does
 * not allow). Deny by default: a route without a rule is refused when the app is built (see
 * createApp).
 */
export function authorize(deps: ServerDeps, rule: AccessRule): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    if (rule.scope === 'public') return next()
    const principal = await authenticate(deps, c)
    if (principal === undefined)
      throw new RuninkError(
        ServerCodes.RUNINK_AUTH_MISSING,
        'this route needs a credential: send Authorization: Bearer <API token or JWT>, or sign in (runi login)',
      )
    c.set('principal', principal)
    const herd = c.req.param('herd')
    const target = {
      herd,
      runId: c.req.param('runId'),
      verb: verbOf(c.req.method),
      resource: resourceOf(c.req.routePath),
    }
    if (!allows(principal, rule, target)) {
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
