import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { FileFormat, isOneOf, RuninkError } from '@runink/core'
import { readRecords } from '@runink/engine'
import { ServerCodes, type ApiDatasetSample } from '@runink/protocol'
import type { Barn } from '@runink/store'

/** The largest version sampled by default: its bytes are copied and parsed in the server. */
export const SAMPLE_MAX_BYTES = 64 * 1024 * 1024

/**
 * The first `limit` records of a dataset version, read with the engine's readers from a copy
 * of its object (parquet and json need the whole file; csv and jsonl stop reading at `limit`).
 * Values are as stored: a pipeline's masked fields were stored masked. A version over
 * `maxBytes` is refused before a byte is read: the server parses it in its own process, and a
 * viewer must not make it copy or parse gigabytes (pull it instead).
 */
export async function sampleVersion(
  barn: Barn,
  herd: string,
  ref: { name: string; version: number },
  { limit, maxBytes = SAMPLE_MAX_BYTES }: { readonly limit: number; readonly maxBytes?: number },
): Promise<ApiDatasetSample> {
  const { version, body } = await barn.datasets.read(ref, herd)
  if (version.size > maxBytes) {
    body.destroy()
    throw new RuninkError(
      ServerCodes.RUNINK_HTTP_BAD_REQUEST,
      `${version.ref} is ${version.size} bytes, over the ${maxBytes} bytes this server samples: pull it instead`,
      { details: { ref: version.ref, size: version.size, maxBytes } },
    )
  }
  if (!isOneOf(FileFormat, version.format)) {
    body.destroy()
    throw new RuninkError(
      ServerCodes.RUNINK_HTTP_BAD_REQUEST,
      `${version.ref} is stored as ${version.format}: samples are read from ${Object.values(FileFormat).join(', ')}`,
      { details: { ref: version.ref, format: version.format } },
    )
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'runink-sample-'))
  try {
    const file = path.join(dir, `object.${version.format}`)
    await pipeline(body, createWriteStream(file))
    const records: Array<Record<string, unknown>> = []
    for await (const batch of readRecords(file, version.format)) {
      records.push(...batch.slice(0, limit - records.length))
      if (records.length >= limit) break
    }
    return { ref: version.ref, format: version.format, records }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
