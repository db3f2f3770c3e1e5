import { isRuninkError, RuninkError } from '@runink/core'
import type { Contract } from '@runink/contracts'
import {
  apiAuditEntrySchema,
  apiContractDocumentSchema,
  apiContractNameSchema,
  apiContractSchema,
  apiDatasetSchema,
  apiDatasetVersionSchema,
  apiHerdSchema,
  apiLineageGraphSchema,
  apiRunSchema,
  auditVerificationSchema,
  pageOf,
  runStatusSchema,
  type ApiContract,
  type ApiDatasetVersion,
  type ApiRun,
} from '@runink/protocol'
import {
  parseDatasetRef,
  StoreErrors,
  type AuditRecord,
  type DatasetVersion,
  type Run,
  type RunDetail,
} from '@runink/store'
import { z } from 'zod'
import { apiCall } from '../remote/api-call.js'
import type { ServerProfile } from '../remote/profiles.js'
import { apiLines } from './api-lines.js'
import type { BarnReader, ContractEntry, ContractNameEntry } from './barn-reader.js'
import { contractEntry } from './contract-entry.js'

/** The most items the API gives in one page. */
const PAGE = 1000

const date = (iso: string): Date => new Date(iso)
const dateOrNull = (iso: string | null): Date | null => (iso === null ? null : new Date(iso))

/** A run of the API as the Barn has it (its fields in the Barn's order). */
function toRun(r: ApiRun): Run {
  return {
    id: r.id,
    herd: r.herd,
    specHash: r.specHash as Run['specHash'],
    planHash: r.planHash,
    idempotencyKey: r.idempotencyKey,
    status: r.status,
    owner: r.owner && { ...r.owner, startedAt: dateOrNull(r.owner.startedAt) },
    createdAt: date(r.createdAt),
    startedAt: dateOrNull(r.startedAt),
    finishedAt: dateOrNull(r.finishedAt),
    error: r.error,
  }
}

/** A dataset version of the API as the Barn has it (the schema keeps the Barn's field order). */
const toVersion = (v: ApiDatasetVersion): DatasetVersion => ({ ...v, createdAt: date(v.createdAt) })

/** JSON with each `…At` field that holds an ISO time made a Date again (as the Barn gives it). */
function reviveDates<T>(json: unknown): T {
  return JSON.parse(JSON.stringify(json), (key, value: unknown) =>
    key.endsWith('At') && typeof value === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(value)
      ? new Date(value)
      : value,
  ) as T
}

const isNotFound = (error: unknown): boolean =>
  isRuninkError(error) && error.code === StoreErrors.RUNINK_STORE_NOT_FOUND

const query = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, String(v))
  const text = search.toString()
  return text ? `?${text}` : ''
}

const herdsAnswer = z.object({ items: z.array(apiHerdSchema) })
const datasetsAnswer = z.object({ items: z.array(apiDatasetSchema) })
const versionsAnswer = z.object({ items: z.array(apiDatasetVersionSchema) })
const runsPage = pageOf(apiRunSchema)
const auditPage = pageOf(apiAuditEntrySchema)
const contractsPage = pageOf(apiContractNameSchema)
const contractVersionsAnswer = z.object({ items: z.array(apiContractSchema) })

/** A contract of the API as the Barn has it, in the herd it was read from. */
const toContractEntry = (herd: string, c: ApiContract): ContractEntry =>
  contractEntry({ ...c, herd, createdAt: date(c.createdAt) })

/**
 * The read commands' reader on a runi serve: each answer parsed with the API's schema and given
 * back in the Barn's types. What the server keeps per herd is read herd by herd, over the herds
 * the token sees; a run is looked for in each of them.
 */
export function httpReader(server: ServerProfile): BarnReader {
  const get = async <S extends z.ZodType>(schema: S, path: string): Promise<z.output<S>> =>
    schema.parse(await apiCall<unknown>(server, 'GET', path))
  const herdPath = (herd: string): string => `/api/v1/herds/${encodeURIComponent(herd)}`
  const herds = async (): Promise<string[]> =>
    (await get(herdsAnswer, '/api/v1/herds')).items.map((h) => h.name).sort()

  /** The first of the herds' answers that is not a 404, with the herd that gave it. */
  const inSomeHerd = async <T>(
    what: string,
    ask: (herd: string) => Promise<T>,
  ): Promise<{ herd: string; found: T }> => {
    for (const herd of await herds()) {
      try {
        return { herd, found: await ask(herd) }
      } catch (error) {
        if (!isNotFound(error)) throw error
      }
    }
    throw new RuninkError(StoreErrors.RUNINK_STORE_NOT_FOUND, `no ${what} (server ${server.url})`)
  }
  const runStatus = (id: string) =>
    inSomeHerd(`run ${id}`, async (herd) => {
      const answer = await apiCall<unknown>(
        server,
        'GET',
        `${herdPath(herd)}/runs/${encodeURIComponent(id)}`,
      )
      runStatusSchema.parse(answer)
      return answer
    })
  const versions = async (name: string, herd: string): Promise<DatasetVersion[]> => {
    // A herd the token does not see holds nothing it may read (the fallback `default` herd of
    // a name no herd holds, for one): not found, as a herd without the dataset.
    if (!(await herds()).includes(herd)) return []
    try {
      const answer = await get(
        versionsAnswer,
        `${herdPath(herd)}/datasets/${encodeURIComponent(name)}/versions`,
      )
      return answer.items.map(toVersion)
    } catch (error) {
      if (isNotFound(error)) return []
      throw error
    }
  }
  const datasetsOf = async (herd: string) =>
    (await get(datasetsAnswer, `${herdPath(herd)}/datasets`)).items.map((d) => ({
      herd: d.herd,
      name: d.name,
      versions: d.versions,
      latest: d.latest && toVersion(d.latest),
    }))

  return {
    herds,
    async runs({ limit, status, herd }) {
      const all: Run[] = []
      const visible = await herds()
      // A herd the token does not see has no runs it may list (as a herd that is not there).
      for (const h of herd === undefined ? visible : visible.filter((v) => v === herd)) {
        let cursor: string | undefined
        let got = 0
        do {
          const page = await get(
            runsPage,
            `${herdPath(h)}/runs${query({ limit: Math.min(limit - got, PAGE), status, cursor })}`,
          )
          all.push(...page.items.map(toRun))
          got += page.items.length
          cursor = page.next_cursor ?? undefined
        } while (cursor !== undefined && got < limit)
      }
      // Newest first across herds, as the Barn orders them.
      const key = (r: Run): string => `${r.createdAt.toISOString()} ${r.id}`
      return all.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0)).slice(0, limit)
    },
    async run(id) {
      const { found } = await runStatus(id)
      return reviveDates<RunDetail>(found).run
    },
    async runDetail(id) {
      const { found } = await runStatus(id)
      // The message's version and type, and the pipeline version the server ran it as, are the
      // server's: the Barn's run detail is the rest.
      const { version: _v, type: _t, pipeline: _p, ...detail } = found as Record<string, unknown>
      return reviveDates<RunDetail>(detail)
    },
    async datasets(herd) {
      if (herd !== undefined) return (await herds()).includes(herd) ? datasetsOf(herd) : []
      const all = []
      for (const h of await herds()) all.push(...(await datasetsOf(h)))
      return all
    },
    async herdsOf(name) {
      const holding: string[] = []
      for (const herd of await herds())
        if ((await datasetsOf(herd)).some((d) => d.name === name)) holding.push(herd)
      return holding
    },
    versions,
    async resolve(ref, herd) {
      const { name, version } = parseDatasetRef(ref)
      const all = await versions(name, herd)
      const found = version === undefined ? all.at(-1) : all.find((v) => v.version === version)
      if (found) return found
      throw new RuninkError(
        StoreErrors.RUNINK_STORE_NOT_FOUND,
        all.length === 0
          ? `no dataset ${name} in herd ${herd} (server ${server.url})`
          : `no version ${version} of dataset://${name} in herd ${herd}: it has ${all.length} (server ${server.url})`,
        { details: { what: 'dataset', id: ref, herd } },
      )
    },
    async auditEntries({ limit, since, actor, action }) {
      const entries: AuditRecord[] = []
      let cursor: string | undefined
      for (;;) {
        const page = await get(
          auditPage,
          `/api/v1/audit/entries${query({
            limit: Math.min(limit - entries.length, PAGE),
            since: since?.toISOString(),
            actor,
            action,
            cursor,
          })}`,
        )
        entries.push(...page.items)
        if (page.items.length === 0 || entries.length >= limit || page.next_cursor === null)
          return entries
        cursor = page.next_cursor
      }
    },
    async auditVerify() {
      return get(auditVerificationSchema, '/api/v1/audit/verify')
    },
    auditExport: () => apiLines(server, '/api/v1/audit/export'),
    async contracts(herd) {
      const all: ContractNameEntry[] = []
      const visible = await herds()
      // A herd the token does not see has no contracts it may list (as a herd that is not there).
      for (const h of herd === undefined ? visible : visible.filter((v) => v === herd)) {
        let cursor: string | undefined
        do {
          const page = await get(
            contractsPage,
            `${herdPath(h)}/contracts${query({ limit: PAGE, cursor })}`,
          )
          for (const n of page.items)
            all.push({
              herd: h,
              name: n.name,
              versions: n.versions,
              latest: toContractEntry(h, n.latest),
            })
          cursor = page.next_cursor ?? undefined
        } while (cursor !== undefined)
      }
      return all
    },
    async contractVersions(name, herd) {
      if (!(await herds()).includes(herd)) return []
      try {
        const answer = await get(
          contractVersionsAnswer,
          `${herdPath(herd)}/contracts/${encodeURIComponent(name)}/versions`,
        )
        return answer.items.map((c) => toContractEntry(herd, c))
      } catch (error) {
        if (isNotFound(error)) return []
        throw error
      }
    },
    async contract(hash, herd) {
      if (!(await herds()).includes(herd))
        throw new RuninkError(
          StoreErrors.RUNINK_STORE_NOT_FOUND,
          `no contract ${hash} in herd ${herd} (server ${server.url})`,
          { details: { what: 'contract', id: hash, herd } },
        )
      const c = await get(
        apiContractDocumentSchema,
        `${herdPath(herd)}/contracts/by-hash/${encodeURIComponent(hash)}`,
      )
      // The Barn's order: the document after the version, as barn.contracts gives it.
      const { document, ...entry } = c
      const { createdAt, createdBy, ...head } = toContractEntry(herd, entry)
      return { ...head, document: document as unknown as Contract, createdAt, createdBy }
    },
    async lineage(start, direction) {
      const from = 'runId' in start ? { run: start.runId } : { dataset: start.dataset.name }
      return get(
        apiLineageGraphSchema,
        `${herdPath(start.herd)}/lineage${query({ ...from, direction })}`,
      )
    },
  }
}
