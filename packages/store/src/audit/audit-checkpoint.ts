import { randomBytes } from 'node:crypto'
import { rename, rm, writeFile } from 'node:fs/promises'
import lockfile from 'proper-lockfile'
import { RuninkError } from '@runink/core'
import { StoreErrors } from '../errors.js'
import { readJsonFile } from './read-json-file.js'

/** The last audit entry known sealed: kept outside the Barn, so the log cannot shrink behind it. */
export interface AuditCheckpoint {
  readonly seq: number
  readonly hash: string
  /** HMAC-SHA256(key, `checkpoint:<barn>:<seq>:<hash>`), hex. */
  readonly mac: string
}

/** Reads a checkpoint file; undefined when there is none yet. */
export async function readCheckpoint(path: string): Promise<AuditCheckpoint | undefined> {
  const parsed = await readJsonFile<AuditCheckpoint>(path)
  if (parsed === undefined) return undefined
  if (
    typeof parsed.seq !== 'number' ||
    typeof parsed.hash !== 'string' ||
    typeof parsed.mac !== 'string'
  ) {
    throw new RuninkError(
      StoreErrors.RUNINK_STORE_AUDIT_SEAL,
      `${path} is not an audit checkpoint`,
      { details: { path } },
    )
  }
  return { seq: parsed.seq, hash: parsed.hash, mac: parsed.mac }
}

/**
 * Moves the checkpoint forward, never back: under a lock on the file (processes appending to one
 * PostgreSQL Barn race here), `next` is asked for the new checkpoint given the current one and
 * may decline (undefined). Written to a temporary file (0600) and renamed into place.
 */
export async function advanceCheckpoint(
  path: string,
  next: (current: AuditCheckpoint | undefined) => Promise<AuditCheckpoint | undefined>,
): Promise<void> {
  const release = await lockfile.lock(path, {
    lockfilePath: `${path}.lock`,
    realpath: false,
    stale: 10_000,
    retries: { retries: 50, minTimeout: 10, maxTimeout: 200 },
  })
  try {
    const current = await readCheckpoint(path)
    const proposed = await next(current)
    if (!proposed || (current && proposed.seq <= current.seq)) return
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    try {
      await writeFile(tmp, `${JSON.stringify(proposed)}\n`, { mode: 0o600, flag: 'wx' })
      await rename(tmp, path)
    } finally {
      await rm(tmp, { force: true })
    }
  } finally {
    await release()
  }
}
