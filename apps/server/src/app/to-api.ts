import type { ApiDatasetVersion, ApiRun, ApiToken } from '@runink/protocol'
import type { ApiToken as StoredToken, DatasetVersion, Run } from '@runink/store'

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString())

/** A run as the API shows it. */
export function toApiRun(run: Run): ApiRun {
  return {
    id: run.id,
    herd: run.herd,
    specHash: run.specHash,
    planHash: run.planHash,
    idempotencyKey: run.idempotencyKey,
    status: run.status,
    owner: run.owner && { ...run.owner, startedAt: iso(run.owner.startedAt) },
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    error: run.error,
  }
}

/** A token as the API lists it (the store never reads its secret back). */
export function toApiToken(token: StoredToken): ApiToken {
  return {
    id: token.id,
    name: token.name,
    herd: token.herd,
    role: token.role,
    createdAt: token.createdAt.toISOString(),
    createdBy: token.createdBy,
    expiresAt: iso(token.expiresAt),
    revokedAt: iso(token.revokedAt),
    lastUsedAt: iso(token.lastUsedAt),
  }
}

/** A dataset version as the API shows it. */
export function toApiDatasetVersion(v: DatasetVersion): ApiDatasetVersion {
  return {
    id: v.id,
    herd: v.herd,
    name: v.name,
    version: v.version,
    ref: v.ref,
    contentHash: v.contentHash,
    contractHash: v.contractHash,
    size: v.size,
    recordCount: v.recordCount,
    format: v.format,
    objectKey: v.objectKey,
    runId: v.runId,
    stageRunId: v.stageRunId,
    createdAt: v.createdAt.toISOString(),
  }
}
