import { createReadStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import type { CacheKeyParts, DatasetCatalog, DatasetVersion, PendingFile } from '../ports/index.js'
import {
  commitStaged,
  mergedSinkOptions,
  openFileSink,
  partHasBytes,
  readRecords,
  SourceError,
  type FileFormat,
} from '../connectors/index.js'
import { moveStaged } from '../connectors/commit-staged.js'
import { importStaged } from './import-staged.js'
import { openStaged } from './open-staged.js'
import type { AllowedFolder } from './confined-path.js'
import { sinkTarget, type SinkTarget } from './sink-target.js'

/** One committed output of a stage. */
export interface CommittedOutput {
  readonly uri: string
  readonly version: DatasetVersion
  /** The file written, for file sinks. */
  readonly path?: string
  /** A dead-letter sink: it received invalid records. */
  readonly invalid?: boolean
}

/** Merges the partition files of one sink into one file (one pass, any format). */
async function mergeParts(
  parts: readonly string[],
  format: FileFormat,
  into: string,
): Promise<string> {
  if (parts.length === 1) return parts[0]!
  const sink = await openFileSink(into, format, await mergedSinkOptions(parts, format))
  try {
    for (const part of parts)
      if (await partHasBytes(part))
        for await (const batch of readRecords(part, format)) await sink.write(batch)
    await sink.finish()
  } catch (error) {
    await sink.abort()
    throw error
  }
  return into
}

/** One slice's part of a sink: the file named in its job, in the staging folder it was given. */
export interface StagedPart {
  readonly stagingDir: string
  /** Relative to `stagingDir`, as in the slice's job. */
  readonly file: string
  /** Records the slice counted into it (checked against its schema). */
  readonly records: number
}

/** A point inside {@link commitOutputs}, for tests that stop or kill it exactly there. */
export type CommitPoint =
  /** Sink `sink`'s bytes are in the object store (and beside its target, for a file sink). */
  | { readonly kind: 'sink-stored'; readonly sink: number }
  /** The stage's transaction has committed; its file sinks are not renamed yet. */
  | { readonly kind: 'committed' }

/** Called at each {@link CommitPoint}; the commit goes on when it resolves. */
export interface CommitHooks {
  at?(point: CommitPoint): Promise<void> | void
}

/** One sink to commit: its staged parts, one per slice. */
export interface SinkToCommit {
  readonly uri: string
  readonly format: FileFormat
  readonly parts: readonly StagedPart[]
  readonly acceptsInvalid?: boolean
}

/**
 * Commits a successful stage, all of its outputs or none:
 * 1. each file sink is recorded by the catalog as pending (with a temporary name beside its
 *    target); each sink's file (partitions merged) goes into the object store (content
 *    addressed: harmless if the rest never happens) and a file sink's bytes are also moved to
 *    that temporary file;
 * 2. ONE transaction creates every sink's dataset version, moves the stage run to `succeeded`,
 *    records the cache entry (when `cache` is given) and marks the file sinks committed;
 * 3. only then are the file sinks renamed into place.
 * A failure before 2 removes the temporary files and publishes nothing (the stage run is left
 * running for the caller to fail). A process killed before 2 leaves no version, and the next
 * open of the catalog (the Barn) removes its temporary files; one killed after 2 has its files put in place
 * by the next open.
 *
 * Staged files are the slices' and are not trusted: each is opened with `openStaged` (inside
 * its staging folder, a regular file, no symlink) and its bytes copied into a fresh file of
 * this process in a private folder; only those copies are read, merged and published. The
 * slices have ended (a sandboxed slice's PID namespace and cgroup are gone) and their staging
 * folders are read only through the verified descriptors, so no swap can happen in between.
 */
export async function commitOutputs(input: {
  catalog: DatasetCatalog
  herd: string
  baseDir: string
  /** Folders outside the project the herd allows writes to (see sinkTarget). */
  allowedFolders?: readonly AllowedFolder[]
  runId: string
  stageRunId: string
  contractHash: string
  sinks: readonly SinkToCommit[]
  /** Records the outputs in the cache, in the same transaction, under these parts. */
  cache?: { parts: CacheKeyParts; sliceId: string }
  hooks?: CommitHooks
}): Promise<CommittedOutput[]> {
  const { catalog } = input
  // Confined before anything is written: a refused sink fails the stage with nothing written.
  const targets = input.sinks.map((s) =>
    sinkTarget(s.uri, { baseDir: input.baseDir, allowedFolders: input.allowedFolders ?? [] }),
  )
  for (const target of targets) if (target.kind === 'file') await refuseFolder(target.path)
  const fileTargets = targets.flatMap((t) => (t.kind === 'file' ? [t.path] : []))
  const pending = await catalog.commits.prepareFiles({
    runId: input.runId,
    stageRunId: input.stageRunId,
    targets: fileTargets,
  })
  let stored: Array<{ objectKey: string; file?: PendingFile }>
  let versions: DatasetVersion[]
  try {
    stored = await storeSinks(input, targets, pending)
    versions = await catalog.commits.commit({
      stageRunId: input.stageRunId,
      versions: input.sinks.map((sink, k) => {
        const target = targets[k]!
        return {
          name: target.kind === 'dataset' ? target.name : target.datasetName,
          objectKey: stored[k]!.objectKey,
          format: sink.format,
          recordCount: sink.parts.reduce((n, p) => n + p.records, 0),
          contractHash: input.contractHash,
          herd: input.herd,
          runId: input.runId,
          stageRunId: input.stageRunId,
        }
      }),
      files: stored.flatMap((s) => (s.file ? [{ id: s.file.id, objectKey: s.objectKey }] : [])),
      ...(input.cache
        ? { cache: { parts: input.cache.parts, sliceId: input.cache.sliceId, herd: input.herd } }
        : {}),
    })
  } catch (error) {
    await catalog.commits.rollbackFiles(input.stageRunId).catch(() => undefined)
    throw error
  }
  await input.hooks?.at?.({ kind: 'committed' })
  await catalog.commits.finishFiles(input.stageRunId)
  return input.sinks.map((sink, k) => {
    const target = targets[k]!
    const invalid = sink.acceptsInvalid ?? false
    const version = versions[k]!
    return target.kind === 'file'
      ? { uri: sink.uri, version, path: target.path, invalid }
      : { uri: sink.uri, version, invalid }
  })
}

/**
 * Step 1 of a commit: each sink's parts copied out of staging and merged, stored as an object,
 * and a file sink's bytes moved to its pending temporary file. Returns each sink's object key
 * (and its pending file).
 */
async function storeSinks(
  input: {
    catalog: DatasetCatalog
    sinks: readonly SinkToCommit[]
    hooks?: CommitHooks
  },
  targets: readonly SinkTarget[],
  pending: readonly PendingFile[],
): Promise<Array<{ objectKey: string; file?: PendingFile }>> {
  const stored: Array<{ objectKey: string; file?: PendingFile }> = []
  if (input.sinks.length === 0) return stored
  const first = input.sinks.flatMap((s) => s.parts)[0]
  if (first === undefined) throw new Error('a stage with sinks committed no staged part')
  const files = [...pending]
  // Beside the staging folders (on the targets' file system), private to this process.
  const work = await mkdtemp(path.join(path.dirname(first.stagingDir), '.runink-commit-'))
  try {
    for (const [k, sink] of input.sinks.entries()) {
      const copies: string[] = []
      for (const [i, part] of sink.parts.entries()) {
        const copy = path.join(work, `${k}.${i}.${sink.format}`)
        const staged = await openStaged(part.stagingDir, part.file)
        try {
          await importStaged(staged, copy)
        } finally {
          await staged.close()
        }
        copies.push(copy)
      }
      const merged = await mergeParts(copies, sink.format, path.join(work, `${k}.${sink.format}`))
      const put = await input.catalog.objects.put(createReadStream(merged))
      if (targets[k]!.kind === 'file') {
        const file = files.shift()!
        await moveStaged(merged, file.temp)
        stored.push({ objectKey: put.key, file })
      } else stored.push({ objectKey: put.key })
      await input.hooks?.at?.({ kind: 'sink-stored', sink: k })
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
  return stored
}

/** A file sink whose target is a folder cannot be renamed over: refused before the commit. */
async function refuseFolder(target: string): Promise<void> {
  const info = await stat(target).catch(() => undefined)
  if (info?.isDirectory()) {
    throw new SourceError('RUNINK_SINK_FAILED', `cannot write ${target}: it is a folder`, {
      target,
    })
  }
}

/** Rewrites a cached output's file sink from the object store (it may have been deleted). */
export async function restoreFileOutput(
  catalog: DatasetCatalog,
  version: DatasetVersion,
  target: string,
  stagingDir: string,
): Promise<void> {
  const { createWriteStream } = await import('node:fs')
  const { pipeline } = await import('node:stream/promises')
  const staged = `${stagingDir}/${version.objectKey}.restore`
  await pipeline(await catalog.objects.get(version.objectKey), createWriteStream(staged))
  await commitStaged(staged, target)
}
