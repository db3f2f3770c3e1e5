import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { RuninkError } from '@runink/core'
import { apiMemberSchema, memberSetSchema, userIdSchema, type ApiMember } from '@runink/protocol'
import { StoreErrors, type Barn, type Member, type User } from '@runink/store'
import type { Context } from 'hono'
import { authorize } from '../auth/authorize.js'
import { actorOf, seesEveryHerd } from '../auth/principal.js'
import { requireHerd } from '../app/require-herd.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { herdParam } from './herd-param.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const userParam = z.object({ user: userIdSchema })
const memberContent = { content: { 'application/json': { schema: apiMemberSchema } } }
const listContent = {
  content: { 'application/json': { schema: z.object({ items: z.array(apiMemberSchema) }) } },
}

/** The three member routes (list, set, remove) under a base path, with one access rule. */
function memberRoutes(base: string, herdScoped: boolean) {
  const access = herdScoped
    ? ({ scope: 'herd', role: 'admin' } as const)
    : ({ scope: 'instance', role: 'admin' } as const)
  const who = herdScoped ? "the herd's" : 'instance (every-herd)'
  const params = herdScoped ? herdParam : z.object({})
  return {
    list: securedRoute(access, {
      method: 'get',
      path: base,
      summary: `The ${who} members and their roles, oldest first.`,
      request: { params },
      responses: { 200: { description: 'members', ...listContent }, ...ERROR_RESPONSES },
    }),
    set: securedRoute(access, {
      method: 'put',
      path: `${base}/{user}`,
      summary: `Gives a user a role as one of the ${who} members (a new member, or a new role).`,
      request: {
        params: params.extend(userParam.shape),
        body: { content: { 'application/json': { schema: memberSetSchema } }, required: true },
      },
      responses: { 200: { description: 'the membership', ...memberContent }, ...ERROR_RESPONSES },
    }),
    remove: securedRoute(access, {
      method: 'delete',
      path: `${base}/{user}`,
      summary: `Ends a user's membership of the ${who} members (kept as history, audited).`,
      request: { params: params.extend(userParam.shape) },
      responses: {
        200: { description: 'the ended membership', ...memberContent },
        ...ERROR_RESPONSES,
      },
    }),
  }
}

const herdMembers = memberRoutes('/api/v1/herds/{herd}/members', true)
const instanceMembers = memberRoutes('/api/v1/members', false)

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString())

/** A membership with its user, as the API shows it. */
function toApiMember(member: Member, user: User): ApiMember {
  return {
    user: {
      id: user.id,
      issuer: user.issuer,
      subject: user.subject,
      email: user.email,
      displayName: user.displayName,
      createdAt: user.createdAt.toISOString(),
      lastSeenAt: user.lastSeenAt.toISOString(),
    },
    herd: member.herd,
    role: member.role,
    addedAt: member.addedAt.toISOString(),
    addedBy: member.addedBy,
    removedAt: iso(member.removedAt),
  }
}

async function withUsers(barn: Barn, members: readonly Member[]): Promise<ApiMember[]> {
  const users = new Map((await barn.users.list(members.map((m) => m.userId))).map((u) => [u.id, u]))
  return members.flatMap((m) => {
    const user = users.get(m.userId)
    return user ? [toApiMember(m, user)] : []
  })
}

/** The user a path names; 404 when there is none. */
async function requireUser(barn: Barn, id: string): Promise<User> {
  const user = await barn.users.get(id)
  if (!user)
    throw new RuninkError(StoreErrors.RUNINK_STORE_NOT_FOUND, `no user ${id}`, {
      details: { what: 'user', id },
    })
  return user
}

/**
 * Members: a herd's (`/api/v1/herds/{herd}/members`, herd admins) and the instance's
 * (`/api/v1/members`: a role in every herd; admin there is an instance admin; instance admins
 * only). Users come into being when they first sign in; these routes give them roles.
 */
export function registerMemberRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  const herdOf = async (c: Context<ServerEnv>, herdScoped: boolean): Promise<string | null> => {
    if (!herdScoped) return null
    const herd = c.req.param('herd') as string
    await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
    return herd
  }
  const actor = (c: Context<ServerEnv>): string | undefined => {
    const principal = c.get('principal')
    return principal ? actorOf(principal) : undefined
  }
  for (const [routes, herdScoped] of [
    [herdMembers, true],
    [instanceMembers, false],
  ] as const) {
    app.openapi(
      { ...routes.list.route, middleware: [authorize(deps, routes.list.access)] },
      async (c) => {
        const herd = await herdOf(c, herdScoped)
        return c.json({ items: await withUsers(barn, await barn.members.list(herd)) }, 200)
      },
    )
    app.openapi(
      { ...routes.set.route, middleware: [authorize(deps, routes.set.access)] },
      async (c) => {
        const herd = await herdOf(c, herdScoped)
        const user = await requireUser(barn, c.req.param('user') as string)
        const { role } = c.req.valid('json')
        const { member } = await barn.members.set(herd, user.id, role, actor(c))
        return c.json(toApiMember(member, user), 200)
      },
    )
    app.openapi(
      { ...routes.remove.route, middleware: [authorize(deps, routes.remove.access)] },
      async (c) => {
        const herd = await herdOf(c, herdScoped)
        const user = await requireUser(barn, c.req.param('user') as string)
        const member = await barn.members.remove(herd, user.id, actor(c))
        return c.json(toApiMember(member, user), 200)
      },
    )
  }
}
