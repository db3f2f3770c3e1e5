import { createHash, randomUUID } from 'node:crypto'
import { rename, rm } from 'node:fs/promises'
import { canonicalJson, canTransition, parseDatasetRef, type RunStatus } from '@runink/core'
import type {
  CacheHit,
  CacheKeyParts,
  DatasetCatalog,
  DatasetVersion,
  PendingFile,
  RunLedger,
  StageLineageEvent,
  StageRunStats,
} from '../../ports/index.js'

/** A stage run as the in-memory ledger keeps it: every status it passed through. */
export interface MemoryStage {
  readonly id: string
  readonly runId: string
  readonly stage: string
  readonly statuses: RunStatus[]
  error?: string
  stats?: StageRunStats
}

/**
 * The engine's two ports in memory, sharing one state (as the Barn's do): what a driver needs
 * to run pipelines with no database. Statuses follow core's transition table (an illegal move
 * throws), object bytes are content-addressed, outputs are published as one unit and file
 * sinks renamed into place after it. For tests of the engine against its ports alone.
 */
export function memoryPorts(): {
  ledger: RunLedger
  catalog: DatasetCatalog
  state: {
    runs: Map<string, { status: RunStatus; pins: unknown[]; error?: string }>
    stages: Map<string, MemoryStage>
    slices: Map<string, { stageRunId: string; status: RunStatus }>
    logs: Map<string, string[]>
    lineage: StageLineageEvent[]
    versions: DatasetVersion[]
    objects: Map<string, Uint8Array>
    cacheNotes: Array<{ stageRunId: string; hit: boolean }>
  }
} {
  const state = {
    runs: new Map<string, { status: RunStatus; pins: unknown[]; error?: string }>(),
    stages: new Map<string, MemoryStage>(),
    slices: new Map<string, { stageRunId: string; status: RunStatus }>(),
    logs: new Map<string, string[]>(),
    lineage: [] as StageLineageEvent[],
    versions: [] as DatasetVersion[],
    objects: new Map<string, Uint8Array>(),
    cacheNotes: [] as Array<{ stageRunId: string; hit: boolean }>,
  }
  const cache = new Map<string, CacheHit>()
  const pending = new Map<string, PendingFile[]>()
  const keyOf = (parts: CacheKeyParts, herd: string) => canonicalJson({ herd, parts })
  const move = (what: string, from: RunStatus, to: RunStatus): RunStatus => {
    if (!canTransition(from, to)) throw new Error(`${what} cannot go from ${from} to ${to}`)
    return to
  }
  const moveStage = (id: string, to: RunStatus, error?: string) => {
    const stage = state.stages.get(id)!
    stage.statuses.push(move(`stage ${id}`, stage.statuses.at(-1)!, to))
    if (error !== undefined) stage.error = error
  }
  const publish = (v: {
    name: string
    objectKey: string
    format: string
    recordCount: number
    contractHash: string | null
    herd: string
  }): DatasetVersion => {
    const version = state.versions.filter((x) => x.name === v.name).length + 1
    const bytes = state.objects.get(v.objectKey)!
    const out: DatasetVersion = {
      id: randomUUID(),
      name: v.name,
      version,
      ref: `dataset://${v.name}@${version}`,
      contentHash: `sha256:${v.objectKey}`,
      contractHash: v.contractHash,
      size: bytes.length,
      recordCount: v.recordCount,
      format: v.format,
      objectKey: v.objectKey,
    }
    state.versions.push(out)
    return out
  }

  const ledger: RunLedger = {
    plans: { put: (plan) => Promise.resolve({ hash: `sha256:${sha256(canonicalJson(plan))}` }) },
    runs: {
      create: () => {
        const id = randomUUID()
        state.runs.set(id, { status: 'queued', pins: [] })
        return Promise.resolve({ run: { id } })
      },
      start: (id) => {
        const run = state.runs.get(id)!
        run.status = move(`run ${id}`, run.status, 'running')
        return Promise.resolve()
      },
      finish: (id, status, options) => {
        const run = state.runs.get(id)!
        run.status = move(`run ${id}`, run.status, status)
        if (options.error !== undefined) run.error = options.error
        return Promise.resolve()
      },
      pin: (runId, pins) => {
        state.runs.get(runId)!.pins.push(...pins)
        return Promise.resolve()
      },
    },
    stages: {
      create: ({ runId, stage }) => {
        const id = randomUUID()
        state.stages.set(id, { id, runId, stage, statuses: ['queued'] })
        return Promise.resolve({ id })
      },
      transition: (id, to, options) => Promise.resolve(moveStage(id, to, options?.error)),
      recordStats: (id, stats) => {
        state.stages.get(id)!.stats = stats
        return Promise.resolve()
      },
      createSlice: ({ stageRunId }) => {
        const id = randomUUID()
        state.slices.set(id, { stageRunId, status: 'running' })
        return Promise.resolve({ id })
      },
      finishSlice: (id, status) => {
        const slice = state.slices.get(id)!
        slice.status = move(`slice ${id}`, slice.status, status)
        return Promise.resolve()
      },
    },
    logs: {
      append: (sliceId, lines) => {
        state.logs.set(sliceId, [...(state.logs.get(sliceId) ?? []), ...lines.map((l) => l.line)])
        return Promise.resolve()
      },
    },
    lineage: { stageEvent: (event) => Promise.resolve(void state.lineage.push(event)) },
  }

  const catalog: DatasetCatalog = {
    datasets: {
      resolve: (ref) => {
        const { name, version } = parseDatasetRef(ref)
        const all = state.versions.filter((v) => v.name === name)
        const found = version === undefined ? all.at(-1) : all.find((v) => v.version === version)
        return found ? Promise.resolve(found) : Promise.reject(new Error(`no dataset ${ref}`))
      },
    },
    objects: {
      get: (key) => {
        const bytes = state.objects.get(key)
        if (!bytes) return Promise.reject(new Error(`no object ${key}`))
        return Promise.resolve(
          (async function* () {
            yield bytes
          })(),
        )
      },
      put: async (body) => {
        const chunks: Uint8Array[] = []
        if (body instanceof Uint8Array) chunks.push(body)
        else for await (const chunk of body) chunks.push(chunk)
        const bytes = Buffer.concat(chunks)
        const key = sha256(bytes)
        state.objects.set(key, bytes)
        return { key, size: bytes.length }
      },
    },
    cache: {
      lookup: (parts, herd) => Promise.resolve(cache.get(keyOf(parts, herd))),
      noteStage: ({ stageRunId, hit }) =>
        Promise.resolve(void state.cacheNotes.push({ stageRunId, hit })),
      reuse: ({ outputs, herd, stageRunId }) => {
        const versions = outputs.map((o) => {
          const latest = state.versions.filter((v) => v.name === o.name).at(-1)
          return latest?.contentHash === o.contentHash ? latest : publish({ ...o, herd })
        })
        moveStage(stageRunId, 'cached')
        return Promise.resolve(versions)
      },
    },
    commits: {
      prepareFiles: ({ stageRunId, targets }) => {
        const files = targets.map((target) => ({
          id: randomUUID(),
          target,
          temp: `${target}.${randomUUID()}.tmp`,
        }))
        pending.set(stageRunId, files)
        return Promise.resolve(files)
      },
      commit: ({ stageRunId, versions, cache: entry }) => {
        const out = versions.map((v) => publish(v))
        moveStage(stageRunId, 'succeeded')
        if (entry)
          cache.set(keyOf(entry.parts, entry.herd), { sliceId: entry.sliceId, outputs: out })
        return Promise.resolve(out)
      },
      finishFiles: async (stageRunId) => {
        for (const f of pending.get(stageRunId) ?? []) await rename(f.temp, f.target)
        pending.delete(stageRunId)
      },
      rollbackFiles: async (stageRunId) => {
        for (const f of pending.get(stageRunId) ?? []) await rm(f.temp, { force: true })
        pending.delete(stageRunId)
      },
    },
  }
  return { ledger, catalog, state }
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}
