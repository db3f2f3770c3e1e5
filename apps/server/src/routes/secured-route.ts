import { createRoute, type RouteConfig } from '@hono/zod-openapi'
import { apiErrorSchema } from '@runink/protocol'
import type { AccessRule } from '../auth/access-rule.js'

/** The OpenAPI extension each operation carries its access rule in (read by tests and clients). */
export const ACCESS_EXTENSION = 'x-runink-access'

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: apiErrorSchema } },
})

/** The error answers every route can give, documented once. */
export const ERROR_RESPONSES = {
  400: error('the request does not match the route: RUNINK_HTTP_BAD_REQUEST or a domain code'),
  401: error('no token, or one that is unknown, malformed, revoked or expired'),
  403: error('the token lacks the role this route needs here (audited)'),
  404: error('no such route, herd or resource'),
  413: error('the body is over the limit'),
} as const

/** A route with the rule saying who may call it, in its OpenAPI operation too. */
export function securedRoute<const R extends RouteConfig>(access: AccessRule, config: R) {
  return {
    access,
    route: createRoute({ ...config, [ACCESS_EXTENSION]: access }),
  }
}
