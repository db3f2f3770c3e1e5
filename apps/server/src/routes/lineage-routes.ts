import type { OpenAPIHono } from '@hono/zod-openapi'
import { RuninkError } from '@runink/core'
import { apiLineageGraphSchema, lineageQuerySchema, ServerCodes } from '@runink/protocol'
import {
  herdNamespace,
  parseDatasetRef,
  StoreErrors,
  type LineageDirection,
  type LineageGraph,
} from '@runink/store'
import { authorize } from '../auth/authorize.js'
import { seesEveryHerd } from '../auth/principal.js'
import { requireHerd } from '../app/require-herd.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { herdParam } from './herd-param.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const getLineage = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/lineage',
    summary:
      'The lineage graph reachable from one of the herd’s datasets (?dataset=name) or runs (?run=id), upstream, downstream or both; nodes of other herds are never in it.',
    request: { params: herdParam, query: lineageQuerySchema },
    responses: {
      200: {
        description: 'the graph (empty when nothing was recorded)',
        content: { 'application/json': { schema: apiLineageGraphSchema } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

/**
 * The part of a graph a herd may see, walked again from its starts: the herd's own datasets and
 * jobs, and the files, buckets and tables outside any herd; what was reachable only through
 * another herd's node is left out with it.
 */
export function herdLineage(
  graph: LineageGraph,
  herd: string,
  starts: readonly string[],
  direction: LineageDirection,
): LineageGraph {
  const own = herdNamespace(herd)
  const visible = new Set(
    graph.nodes
      .filter(
        (n) =>
          n.namespace === own || (n.kind === 'dataset' && !n.namespace.startsWith('runink://')),
      )
      .map((n) => n.id),
  )
  const edges = graph.edges.filter((e) => visible.has(e.from) && visible.has(e.to))
  const keep = new Set<string>()
  const walk = (from: string, dir: 'upstream' | 'downstream'): void => {
    const todo = [from]
    const seen = new Set<string>()
    for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
      if (seen.has(id)) continue
      seen.add(id)
      keep.add(id)
      for (const e of edges) {
        if (dir === 'upstream' && e.to === id) todo.push(e.from)
        if (dir === 'downstream' && e.from === id) todo.push(e.to)
      }
    }
  }
  for (const start of starts.filter((s) => visible.has(s))) {
    if (direction !== 'downstream') walk(start, 'upstream')
    if (direction !== 'upstream') walk(start, 'downstream')
  }
  return {
    nodes: graph.nodes.filter((n) => keep.has(n.id)),
    edges: edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
  }
}

/** A herd's lineage as a JSON graph, from a dataset or a run. */
export function registerLineageRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  app.openapi(
    { ...getLineage.route, middleware: [authorize(deps, getLineage.access)] },
    async (c) => {
      const { herd } = c.req.valid('param')
      const { dataset, run, direction } = c.req.valid('query')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      if ((dataset === undefined) === (run === undefined))
        throw new RuninkError(
          ServerCodes.RUNINK_HTTP_BAD_REQUEST,
          'ask for the lineage of one dataset (?dataset=name) or one run (?run=id)',
        )
      if (dataset !== undefined) {
        const name = parseDatasetRef(dataset).name
        const start = { namespace: herdNamespace(herd), name }
        const graph = await barn.lineage.graph({ dataset: start }, direction)
        const id = `dataset:${start.namespace}/${start.name}`
        return c.json(herdLineage(graph, herd, [id], direction), 200)
      }
      const runId = run as string
      const found = await barn.runs.get(runId).catch(() => undefined)
      // Another herd's run is not found here: never a hint that it exists.
      if (found?.herd !== herd)
        throw new RuninkError(
          StoreErrors.RUNINK_STORE_NOT_FOUND,
          `no run ${runId} in herd ${herd}`,
          {
            details: { what: 'run', id: runId, herd },
          },
        )
      const graph = await barn.lineage.graph({ runId }, direction)
      const jobs = graph.nodes.filter((n) => n.kind === 'job').map((n) => n.id)
      return c.json(herdLineage(graph, herd, jobs, direction), 200)
    },
  )
}
