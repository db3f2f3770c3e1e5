import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createWriteStream } from 'node:fs'
import type { ValidationMode } from '@runink/core'
import type { Contract } from '@runink/contracts'
import { parseDatasetRef, PinKind, type RunPin } from '@runink/core'
import {
  defaultModeOf,
  formatOfPath,
  SourceError,
  type CsvOptions,
  type FileFormat,
} from '../connectors/index.js'
import type { SliceSource } from '../stage/index.js'
import type { DatasetCatalog, DatasetVersion } from '../ports/index.js'
import { confinedPath, type AllowedFolder } from './confined-path.js'

/** A stage input, resolved: where the slice reads it and which exact version it is. */
export interface ResolvedInput {
  readonly source: SliceSource
  /** The dataset version read (its id), or `sha256:<hex>` of a file's bytes. */
  readonly version: string
  /** `sha256:<hex>` of the bytes read: what the cache key holds. */
  readonly contentHash: string
  readonly datasetVersion?: DatasetVersion
  /** How the run bound this source, for its record. */
  readonly pin: RunPin
}

/** A `dataset://` source already bound by the run: the version to read, and how it was bound. */
export interface PinnedVersion {
  readonly version: DatasetVersion
  readonly pinned: PinKind
  readonly fromStage?: string
}

const SCHEME_FORMATS: Readonly<Record<string, FileFormat>> = {
  csv: 'csv',
  jsonl: 'jsonl',
  json: 'json',
  parquet: 'parquet',
}

/** Splits `scheme://rest`. */
export function splitUri(uri: string): { scheme: string; rest: string } {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(uri)
  return m ? { scheme: m[1]!.toLowerCase(), rest: m[2]! } : { scheme: 'file', rest: uri }
}

/** How a slice reads a resolved input: its file, format, mode and declared table/contract. */
function sliceSource(
  uri: string,
  file: string,
  format: FileFormat,
  options: { mode?: ValidationMode; table?: string; contract?: Contract; csv?: CsvOptions },
): SliceSource {
  return {
    uri,
    path: file,
    format,
    mode: options.mode ?? defaultModeOf(format),
    ...(options.table ? { table: options.table } : {}),
    ...(options.csv ? { csv: options.csv } : {}),
    ...(options.contract ? { contract: options.contract } : {}),
  }
}

/** `sha256:<hex>` of a file's bytes (Node's native hash: inputs can be gigabytes). */
async function fileHash(file: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(file)) h.update(chunk as Uint8Array)
  return `sha256:${h.digest('hex')}`
}

/**
 * Resolves a source URI. Files are relative to the feature file; `dataset://name[@v]` reads
 * the version the run bound it to (`pinned`), else the one it names, or the latest; its object
 * is copied into the run's staging area (read-only for the slice).
 * A file must resolve (symlinks too) inside the project folder or a folder the herd allows
 * (`allowedFolders`), never inside a `.runink/`; the slice is given its real path.
 */
export async function resolveInput(
  uri: string,
  options: {
    catalog: DatasetCatalog
    herd: string
    baseDir: string
    allowedFolders?: readonly AllowedFolder[]
    inputsDir: string
    mode?: ValidationMode
    table?: string
    csv?: CsvOptions
    contract?: Contract
    pinned?: PinnedVersion
    /** The stage of this run that wrote the file read (its pin says so). */
    writtenBy?: string
  },
): Promise<ResolvedInput> {
  const { scheme, rest } = splitUri(uri)
  if (scheme === 'dataset') {
    const version =
      options.pinned?.version ?? (await options.catalog.datasets.resolve(uri, options.herd))
    const pinned =
      options.pinned?.pinned ??
      (parseDatasetRef(uri).version === undefined ? PinKind.runStart : PinKind.explicit)
    const format = (SCHEME_FORMATS[version.format] ?? 'jsonl') as FileFormat
    await mkdir(options.inputsDir, { recursive: true })
    const file = path.join(options.inputsDir, `${version.objectKey}.${format}`)
    const exists = await stat(file).then(
      () => true,
      () => false,
    )
    if (!exists)
      await pipeline(await options.catalog.objects.get(version.objectKey), createWriteStream(file))
    return {
      source: sliceSource(uri, file, format, options),
      version: version.id,
      contentHash: version.contentHash,
      datasetVersion: version,
      pin: {
        uri,
        ref: version.ref,
        contentHash: version.contentHash,
        pinned,
        ...(options.pinned?.fromStage !== undefined ? { fromStage: options.pinned.fromStage } : {}),
      },
    }
  }
  const format = SCHEME_FORMATS[scheme] ?? (scheme === 'file' ? formatOfPath(rest) : undefined)
  if (format === undefined) {
    throw new SourceError(
      'RUNINK_SOURCE_UNSUPPORTED',
      `${uri}: this source scheme cannot be read by local runs yet`,
      { uri },
    )
  }
  const file = confinedPath(
    uri,
    rest,
    { baseDir: options.baseDir, allowedFolders: options.allowedFolders ?? [] },
    'read',
  )
  const s = await stat(file).catch(() => undefined)
  if (!s?.isFile())
    throw new SourceError('RUNINK_SOURCE_NOT_FOUND', `${uri}: no such file ${file}`, { uri, file })
  const hash = await fileHash(file)
  return {
    source: sliceSource(uri, file, format, options),
    version: hash,
    contentHash: hash,
    pin:
      options.writtenBy === undefined
        ? { uri, contentHash: hash, pinned: PinKind.file }
        : { uri, contentHash: hash, pinned: PinKind.stage, fromStage: options.writtenBy },
  }
}
