import { createReadStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import path from 'node:path'
import type { Barn, DatasetVersion } from '@runink/store'
import { commitStaged, openFileSink, readRecords, type FileFormat } from '../connectors/index.js'
import { importStaged } from './import-staged.js'
import { openStaged } from './open-staged.js'
import type { AllowedFolder } from './confined-path.js'
import { sinkTarget } from './sink-target.js'

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
  const sink = await openFileSink(into, format)
  try {
    for (const part of parts)
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

/**
 * Commits a successful stage's staged outputs: each sink's file (partitions merged) goes into
 * the object store and becomes a dataset version; file sinks are then moved to their paths
 * atomically. Nothing is published for a stage that failed: its staging is simply removed.
 *
 * Staged files are the slices' and are not trusted: each is opened with `openStaged` (inside
 * its staging folder, a regular file, no symlink) and its bytes copied into a fresh file of
 * this process in a private folder; only those copies are read, merged and published. The
 * slices have ended (a sandboxed slice's PID namespace and cgroup are gone) and their staging
 * folders are read only through the verified descriptors, so no swap can happen in between.
 */
export async function commitOutputs(input: {
  barn: Barn
  herd: string
  baseDir: string
  /** Folders outside the project the herd allows writes to (see sinkTarget). */
  allowedFolders?: readonly AllowedFolder[]
  runId: string
  stageRunId: string
  contractHash: string
  sinks: ReadonlyArray<{
    uri: string
    format: FileFormat
    parts: readonly StagedPart[]
    acceptsInvalid?: boolean
  }>
}): Promise<CommittedOutput[]> {
  const out: CommittedOutput[] = []
  const first = input.sinks[0]?.parts[0]
  if (first === undefined) return out
  // Beside the staging folders (on the targets' file system), private to this process.
  const work = await mkdtemp(path.join(path.dirname(first.stagingDir), '.runink-commit-'))
  try {
    for (const [k, sink] of input.sinks.entries()) {
      const target = sinkTarget(sink.uri, {
        baseDir: input.baseDir,
        allowedFolders: input.allowedFolders ?? [],
      })
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
      const file = await mergeParts(copies, sink.format, path.join(work, `${k}.${sink.format}`))
      const version = await input.barn.datasets.write(createReadStream(file), {
        name: target.kind === 'dataset' ? target.name : target.datasetName,
        format: sink.format,
        recordCount: sink.parts.reduce((n, p) => n + p.records, 0),
        contractHash: input.contractHash,
        herd: input.herd,
        runId: input.runId,
        stageRunId: input.stageRunId,
      })
      const invalid = sink.acceptsInvalid ?? false
      if (target.kind === 'file') {
        await commitStaged(file, target.path)
        out.push({ uri: sink.uri, version, path: target.path, invalid })
      } else out.push({ uri: sink.uri, version, invalid })
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
  return out
}

/** Rewrites a cached output's file sink from the object store (it may have been deleted). */
export async function restoreFileOutput(
  barn: Barn,
  version: DatasetVersion,
  target: string,
  stagingDir: string,
): Promise<void> {
  const { createWriteStream } = await import('node:fs')
  const { pipeline } = await import('node:stream/promises')
  const staged = `${stagingDir}/${version.objectKey}.restore`
  await pipeline(await barn.objects.get(version.objectKey), createWriteStream(staged))
  await commitStaged(staged, target)
}
