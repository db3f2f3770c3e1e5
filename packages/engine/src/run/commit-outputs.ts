import { createReadStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import type { Barn, DatasetVersion } from '@runink/store'
import { commitStaged, openFileSink, readRecords, type FileFormat } from '../connectors/index.js'
import type { SliceReport } from '../stage/index.js'
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

/**
 * Commits a successful stage's staged outputs: each sink's file (partitions merged) goes into
 * the object store and becomes a dataset version; file sinks are then moved to their paths
 * atomically. Nothing is published for a stage that failed: its staging is simply removed.
 */
export async function commitOutputs(input: {
  barn: Barn
  herd: string
  baseDir: string
  runId: string
  stageRunId: string
  contractHash: string
  sinks: ReadonlyArray<{
    uri: string
    format: FileFormat
    stagingPaths: readonly string[]
    acceptsInvalid?: boolean
  }>
  reports: readonly SliceReport[]
}): Promise<CommittedOutput[]> {
  const out: CommittedOutput[] = []
  for (const sink of input.sinks) {
    const target = sinkTarget(sink.uri, input.baseDir)
    const file = await mergeParts(sink.stagingPaths, sink.format, `${sink.stagingPaths[0]}.merged`)
    const records = input.reports.reduce(
      (n, r) => n + (r.sinks.find((s) => sink.stagingPaths.includes(s.stagingPath))?.records ?? 0),
      0,
    )
    const version = await input.barn.datasets.write(createReadStream(file), {
      name: target.kind === 'dataset' ? target.name : target.datasetName,
      format: sink.format,
      recordCount: records,
      contractHash: input.contractHash,
      herd: input.herd,
      runId: input.runId,
      stageRunId: input.stageRunId,
    })
    if (target.kind === 'file') {
      await commitStaged(file, target.path)
      out.push({ uri: sink.uri, version, path: target.path, invalid: sink.acceptsInvalid ?? false })
    } else {
      await rm(file, { force: true })
      out.push({ uri: sink.uri, version, invalid: sink.acceptsInvalid ?? false })
    }
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
