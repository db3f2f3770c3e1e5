import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { RuninkError } from '@runink/core'
import {
  apiContractDocumentSchema,
  apiContractNameSchema,
  apiContractSchema,
  contractHashSchema,
  contractNameSchema,
  pageOf,
  pageQuerySchema,
  ServerCodes,
  type ApiContract,
  type ApiContractDocument,
} from '@runink/protocol'
import { StoreErrors, type StoredContract } from '@runink/store'
import { authorize } from '../auth/authorize.js'
import { seesEveryHerd } from '../auth/principal.js'
import { pageByName } from '../app/page-by-name.js'
import { requireHerd } from '../app/require-herd.js'
import type { ServerDeps } from '../app/server-deps.js'
import type { ServerEnv } from '../app/server-env.js'
import { herdParam } from './herd-param.js'
import { ERROR_RESPONSES, securedRoute } from './secured-route.js'

const listContracts = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/contracts',
    summary:
      "The herd's registered contracts by name, each with its highest version, a page at a time.",
    request: { params: herdParam, query: pageQuerySchema },
    responses: {
      200: {
        description: 'a page of contract names',
        content: { 'application/json': { schema: pageOf(apiContractNameSchema) } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const listContractVersions = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/contracts/{name}/versions',
    summary:
      'Every document of one of the herd’s contracts, highest version first (one version edited without a new version number is there twice, newest first).',
    request: { params: herdParam.extend({ name: contractNameSchema }) },
    responses: {
      200: {
        description: 'versions',
        content: {
          'application/json': { schema: z.object({ items: z.array(apiContractSchema) }) },
        },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const getContractVersion = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/contracts/{name}/versions/{version}',
    summary:
      'The document of one version of one of the herd’s contracts (the newest registered, when that version was edited without a new version number).',
    request: {
      params: herdParam.extend({ name: contractNameSchema, version: z.string().min(1).max(64) }),
    },
    responses: {
      200: {
        description: 'the contract and its document',
        content: { 'application/json': { schema: apiContractDocumentSchema } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const getContract = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/contracts/by-hash/{hash}',
    summary: 'The contract document the herd registered under this content hash.',
    request: { params: herdParam.extend({ hash: contractHashSchema }) },
    responses: {
      200: {
        description: 'the contract and its document',
        content: { 'application/json': { schema: apiContractDocumentSchema } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

const datasetSchema = securedRoute(
  { scope: 'herd', role: 'viewer' },
  {
    method: 'get',
    path: '/api/v1/herds/{herd}/datasets/{name}/versions/{version}/schema',
    summary:
      'The contract a dataset version was written under, with its document (404 RUNINK_CONTRACT_NOT_RECORDED when the version names no contract or the Barn has no document for its hash).',
    request: {
      params: herdParam.extend({
        name: z.string().min(1).max(200),
        version: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
      }),
    },
    responses: {
      200: {
        description: 'the contract and its document',
        content: { 'application/json': { schema: apiContractDocumentSchema } },
      },
      ...ERROR_RESPONSES,
    },
  },
)

/** A registered contract as the API lists it. */
function toApiContract(c: StoredContract): ApiContract {
  return {
    name: c.name,
    version: c.version,
    hash: c.hash,
    createdAt: c.createdAt.toISOString(),
    createdBy: c.createdBy,
  }
}

/** A registered contract with its document. */
function toApiContractDocument(c: StoredContract): ApiContractDocument {
  return { ...toApiContract(c), document: { ...c.document } }
}

/** The herd's contracts registry: names, versions, documents by hash, a dataset's schema. */
export function registerContractRoutes(app: OpenAPIHono<ServerEnv>, deps: ServerDeps): void {
  const { barn } = deps
  app.openapi(
    { ...listContracts.route, middleware: [authorize(deps, listContracts.access)] },
    async (c) => {
      const { herd } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      const { page, next_cursor } = await pageByName(c.req.valid('query'), (options) =>
        barn.contracts.list({ herd, ...options }),
      )
      const items = page.map((n) => ({
        name: n.name,
        versions: n.versions,
        latest: toApiContract(n.latest),
      }))
      return c.json({ items, next_cursor }, 200)
    },
  )
  // Before by-hash: `contracts/by-hash/versions` is then the versions of a contract named by-hash.
  app.openapi(
    { ...listContractVersions.route, middleware: [authorize(deps, listContractVersions.access)] },
    async (c) => {
      const { herd, name } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      const versions = await barn.contracts.versions(herd, name)
      if (versions.length === 0)
        throw new RuninkError(
          StoreErrors.RUNINK_STORE_NOT_FOUND,
          `no contract ${name} in herd ${herd}`,
          { details: { what: 'contract', id: name, herd } },
        )
      return c.json({ items: versions.map(toApiContract) }, 200)
    },
  )
  app.openapi(
    { ...getContractVersion.route, middleware: [authorize(deps, getContractVersion.access)] },
    async (c) => {
      const { herd, name, version } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      // Newest first: a version edited without a new number answers its latest document.
      const found = (await barn.contracts.versions(herd, name)).find((v) => v.version === version)
      if (!found)
        throw new RuninkError(
          StoreErrors.RUNINK_STORE_NOT_FOUND,
          `no contract ${name}@${version} in herd ${herd}`,
          { details: { what: 'contract', id: `${name}@${version}`, herd } },
        )
      return c.json(toApiContractDocument(found), 200)
    },
  )
  app.openapi(
    { ...getContract.route, middleware: [authorize(deps, getContract.access)] },
    async (c) => {
      const { herd, hash } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      const found = await barn.contracts.get(herd, hash)
      if (!found)
        throw new RuninkError(
          StoreErrors.RUNINK_STORE_NOT_FOUND,
          `no contract ${hash} in herd ${herd}`,
          { details: { what: 'contract', id: hash, herd } },
        )
      return c.json(toApiContractDocument(found), 200)
    },
  )
  app.openapi(
    { ...datasetSchema.route, middleware: [authorize(deps, datasetSchema.access)] },
    async (c) => {
      const { herd, name, version } = c.req.valid('param')
      await requireHerd(barn, herd, seesEveryHerd(c.get('principal')))
      const found = await barn.datasets.resolve({ name, version }, herd)
      const hash = found.contractHash
      const contract = hash === null ? undefined : await barn.contracts.get(herd, hash)
      if (!contract)
        throw new RuninkError(
          ServerCodes.RUNINK_CONTRACT_NOT_RECORDED,
          hash === null
            ? `${found.ref} in herd ${herd} was written without a contract`
            : `${found.ref} in herd ${herd} was written under contract ${hash}, whose document this Barn does not have (versions written before the contracts registry, or pushed with a contract hash no run or upload registered)`,
          { details: { ref: found.ref, herd, contractHash: hash } },
        )
      return c.json(toApiContractDocument(contract), 200)
    },
  )
}
