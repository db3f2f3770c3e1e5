/**
 * What a request does, for custom roles: a verb from its method and a resource from its route,
 * so every route has both without declaring them (a new route is covered the moment it exists).
 */
export const Verb = { read: 'read', write: 'write', delete: 'delete' } as const
export type Verb = (typeof Verb)[keyof typeof Verb]

/** A custom role's permissions: `verb:resource-glob` entries allowed and denied. */
export interface Permissions {
  readonly allow: readonly string[]
  readonly deny: readonly string[]
}

const HERD_ROUTE = /^\/api\/v1\/herds\/:herd\/(.+)$/

/** The verb of a method: GET and HEAD read, DELETE deletes, anything else writes. */
export function verbOf(method: string): Verb {
  const m = method.toUpperCase()
  if (m === 'GET' || m === 'HEAD') return Verb.read
  return m === 'DELETE' ? Verb.delete : Verb.write
}

/**
 * The resource of a herd route: its route path after `/api/v1/herds/{herd}/`, parameters
 * written `{name}` (`runs/{runId}/cancel`); undefined for a route outside a herd.
 */
export function resourceOf(routePath: string): string | undefined {
  const rest = HERD_ROUTE.exec(routePath)?.[1]
  return rest?.replace(/:(\w+)/g, '{$1}')
}

/** Whether a glob (`*` within a segment, `**` any number of segments) matches a resource. */
export function globMatches(glob: string, resource: string): boolean {
  const match = (g: readonly string[], r: readonly string[]): boolean => {
    if (g.length === 0) return r.length === 0
    const [head, ...rest] = g
    if (head === '**') return r.some((_, i) => match(rest, r.slice(i))) || match(rest, [])
    if (r.length === 0) return false
    const segment = new RegExp(
      `^${(head as string).replace(/[.+?^$()|[\]\\{}]/g, '\\$&').replace(/\*/g, '[^/]*')}$`,
    )
    return segment.test(r[0] as string) && match(rest, r.slice(1))
  }
  return match(glob.split('/'), resource.split('/'))
}

function ruleMatches(rule: string, verb: Verb, resource: string): boolean {
  const at = rule.indexOf(':')
  const ruleVerb = rule.slice(0, at)
  return (ruleVerb === '*' || ruleVerb === verb) && globMatches(rule.slice(at + 1), resource)
}

/** Whether permissions allow verb on resource: some allow matches and no deny does. */
export function permits(permissions: Permissions, verb: Verb, resource: string): boolean {
  if (permissions.deny.some((rule) => ruleMatches(rule, verb, resource))) return false
  return permissions.allow.some((rule) => ruleMatches(rule, verb, resource))
}
