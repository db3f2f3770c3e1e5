import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { RuninkError } from '@runink/core'
import {
  apiDatasetSchema,
  apiDatasetVersionSchema,
  apiDatasetSampleSchema,
  CONTENT_HASH_HEADER,
  datasetPushQuerySchema,
  datasetSampleQuerySchema,
  ServerCodes,
} from '@runink/protocol'
import { parseDatasetRef, StoreErrors } from '@runink/store'
import { authorize } from '../auth/authorize.js'
import { actorOf, seesEveryHerd } from '../auth/principal.js'
import { requireHerd } from '../app/require-herd.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { toApiDatasetVersion } from '../app/to-api.js'
import { webStreamOf } from '../app/web-stream-of.js'
import { sampleVersion } from './dataset-sample.js'
import { herdParam } from './herd-param.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const listDatasets = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/datasets',
    summary: "The herd's datasets, each with its number of versions and the latest.",
    request: { params: herdParam },
    responses: {
      200: {
        description: 'datasets, by name',
        content: { 'application/json': { schema: z.object({ items: z.array(apiDatasetSchema) }) } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const listVersions = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/datasets/{name}/versions',
    summary: 'Every version of one dataset of the herd, oldest first.',
    request: { params: herdParam.extend({ name: z.string().min(1).max(200) }) },
    responses: {
      200: {
        description: 'versions',
        content: {
          'application/json': { schema: z.object({ items: z.array(apiDatasetVersionSchema) }) },
        },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const datasetParams = herdParam.extend({ name: z.string().min(1).max(200) })
const versionParams = datasetParams.extend({
  version: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
})

const pullVersion = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/datasets/{name}/versions/{version}/content',
    summary: `A version's bytes, streamed as stored, with their content hash in ${CONTENT_HASH_HEADER} (what runi dataset pull writes; check the bytes against it).`,
    request: { params: versionParams },
    responses: {
      200: {
        description: 'the bytes',
        content: { 'application/octet-stream': { schema: z.string() } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const sampleRecords = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/datasets/{name}/versions/{version}/sample',
    summary:
      'The first records of a version (csv, jsonl, json or parquet), as stored: what a pipeline masked stays masked.',
    request: { params: versionParams, query: datasetSampleQuerySchema },
    responses: {
      200: {
        description: 'the records',
        content: { 'application/json': { schema: apiDatasetSampleSchema } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const pushVersion = securedRoute(
  { scope: 'herd', role: 'editor' },
  {
    method: 'post',
    path: '/api/v1/herds/{herd}/datasets/{name}/versions',
    summary:
      'Stores the body’s bytes (streamed) as the next version of the dataset, as runi dataset push does: its format, record count and contract hash are in the query; audited as the caller.',
    request: {
      params: datasetParams,
      query: datasetPushQuerySchema,
      body: {
        content: { 'application/octet-stream': { schema: z.string() } },
        required: true,
      },
    },
    responses: {
      201: {
        description: 'the new version',
        content: { 'application/json': { schema: apiDatasetVersionSchema } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

/** Datasets of a herd and their versions: list them, pull a version's bytes, push a new one. */
export function registerDatasetRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  app.openapi(
    { ...listDatasets.route, middleware: [authorize(deps, listDatasets.access)] },
    async (c) => {
      const { herd } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      const items = (await barn.datasets.list(herd)).map((d) => ({
        herd: d.herd,
        name: d.name,
        versions: d.versions,
        latest: d.latest ? toApiDatasetVersion(d.latest) : null,
      }))
      return c.json({ items }, 200)
    },
  )
  app.openapi(
    { ...listVersions.route, middleware: [authorize(deps, listVersions.access)] },
    async (c) => {
      const { herd, name } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      const versions = await barn.datasets.versions(name, herd)
      if (versions.length === 0)
        throw new RuninkError(
          StoreErrors.RUNINK_STORE_NOT_FOUND,
          `no dataset ${name} in herd ${herd}`,
          {
            details: { what: 'dataset', id: name, herd },
          },
        )
      return c.json({ items: versions.map(toApiDatasetVersion) }, 200)
    },
  )
  app.openapi(
    { ...pullVersion.route, middleware: [authorize(deps, pullVersion.access)] },
    async (c) => {
      const { herd, name, version } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      const read = await barn.datasets.read({ name, version }, herd)
      const requestId = c.get('requestId')
      // Streamed from the object store as the client reads. A stored object that fails its
      // hash check at its end is logged here and the answer ends: the client checks the bytes
      // against the header and says the version is corrupt.
      async function* bytes(): AsyncGenerator<Uint8Array> {
        try {
          for await (const chunk of read.body) yield chunk as Uint8Array
        } catch (error) {
          deps.log?.({
            request_id: requestId,
            level: 'error',
            msg: (error as Error).message,
            code: (error as { code?: unknown }).code,
          })
        }
      }
      return new Response(webStreamOf(bytes()), {
        status: 200,
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(read.version.size),
          [CONTENT_HASH_HEADER]: read.version.contentHash,
        },
      }) as never
    },
  )
  app.openapi(
    { ...pushVersion.route, middleware: [authorize(deps, pushVersion.access)] },
    async (c) => {
      const { herd, name } = c.req.valid('param')
      const { format, records, contractHash } = c.req.valid('query')
      const principal = c.get('principal')
      await requireHerd(barn, herd, seesEveryHerd(principal))
      const body = c.req.raw.body
      if (body === null)
        throw new RuninkError(
          ServerCodes.RUNINK_HTTP_BAD_REQUEST,
          'push the bytes of the version as the request body',
        )
      const version = await barn.datasets.write(body, {
        name: parseDatasetRef(name).name,
        format,
        recordCount: records,
        contractHash: contractHash ?? null,
        herd,
        ...(principal ? { actor: actorOf(principal) } : {}),
      })
      return c.json(toApiDatasetVersion(version), 201)
    },
  )
  app.openapi(
    { ...sampleRecords.route, middleware: [authorize(deps, sampleRecords.access)] },
    async (c) => {
      const { herd, name, version } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      const { limit } = c.req.valid('query')
      return c.json(
        await sampleVersion(
          barn,
          herd,
          { name, version },
          {
            limit,
            ...(deps.maxSampleBytes === undefined ? {} : { maxBytes: deps.maxSampleBytes }),
          },
        ),
        200,
      )
    },
  )
}
