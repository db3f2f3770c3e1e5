import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { RuninkError } from '@runink/core'
import { apiDatasetVersionSchema, CONTENT_HASH_HEADER, StoreErrors } from '@runink/protocol'
import type { DatasetVersion } from '@runink/store'
import { CliError } from '../cli-error.js'
import { apiFetch } from './api-fetch.js'
import type { ServerProfile } from './profiles.js'

/** What a pushed file is: the fields `runi dataset push` records with its bytes. */
export interface PushedVersion {
  readonly name: string
  readonly herd: string
  readonly format: string
  readonly recordCount: number
  readonly contractHash: string | null
}

const versionPath = (herd: string, name: string): string =>
  `/api/v1/herds/${encodeURIComponent(herd)}/datasets/${encodeURIComponent(name)}/versions`

/**
 * A version's bytes from the server, streamed; the stream fails at its end with
 * RUNINK_STORE_OBJECT_CORRUPT (as a local pull does) when they do not hash to the version's
 * content hash, so a file written from it is never renamed into place.
 */
export async function pullVersion(
  server: ServerProfile,
  version: DatasetVersion,
): Promise<Readable> {
  const response = await apiFetch(
    server,
    `${versionPath(version.herd, version.name)}/${version.version}/content`,
    {},
  )
  const body = response.body
  if (body === null || response.headers.get(CONTENT_HASH_HEADER) !== version.contentHash)
    throw new CliError(
      'RUNINK_CLI_UNREADABLE_INPUT',
      `the server at ${server.url} sent ${version.ref} without its content hash`,
      { url: server.url },
    )
  async function* checked(): AsyncGenerator<Uint8Array> {
    const hash = createHash('sha256')
    try {
      for await (const chunk of body as ReadableStream<Uint8Array>) {
        hash.update(chunk)
        yield chunk
      }
    } catch (error) {
      // The server ends the answer early when the stored object fails its own check there.
      throw new CliError(
        'RUNINK_CLI_UNREADABLE_INPUT',
        `the server at ${server.url} stopped sending ${version.ref} before its end (${(error as Error).message}): its log says why`,
        { url: server.url, ref: version.ref },
      )
    }
    const actual = `sha256:${hash.digest('hex')}`
    if (actual !== version.contentHash)
      throw new RuninkError(
        StoreErrors.RUNINK_STORE_OBJECT_CORRUPT,
        `${version.ref}: the bytes the server at ${server.url} sent hash to ${actual}, not ${version.contentHash}`,
        { details: { ref: version.ref, actual } },
      )
  }
  return Readable.from(checked())
}

/** Sends a file's bytes (streamed) to the server as the next version of a dataset. */
export async function pushVersion(
  server: ServerProfile,
  file: string,
  what: PushedVersion,
): Promise<DatasetVersion> {
  const query = new URLSearchParams({ format: what.format, records: String(what.recordCount) })
  if (what.contractHash !== null) query.set('contractHash', what.contractHash)
  const response = await apiFetch(server, `${versionPath(what.herd, what.name)}?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit)
  const v = apiDatasetVersionSchema.parse(await response.json())
  return { ...v, createdAt: new Date(v.createdAt) }
}
