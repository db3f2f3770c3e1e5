import path from 'node:path'
import { parseDatasetRef, PinKind, RuninkError } from '@runink/core'
import { PinCodes } from '@runink/protocol'
import type { DatasetCatalog, DatasetVersion } from '../ports/index.js'
import type { CommittedOutput } from './commit-outputs.js'
import type { PinnedVersion } from './resolve-inputs.js'
import { splitUri } from './resolve-inputs.js'
import type { RunnableStage } from './runnable-stage.js'
import type { StageRunContext } from './stage-run-context.js'

// Defined in @runink/protocol's static code table; re-exported for this package's callers.
export { PinCodes }

/**
 * What a run binds its `dataset://` sources to. A dataset a stage of the plan writes is read
 * as that stage committed (or reused from the cache) it in this run (`produced`, filled as
 * stages end); one no stage writes is read as it was when the run started (`atStart`); a
 * versioned one (`dataset://x@3`) as written.
 */
export class RunPins {
  /** Stage outputs committed or reused in this run, by stage id. */
  private readonly produced = new Map<string, readonly CommittedOutput[]>()

  private constructor(
    /** Dataset name → id of the stage of the plan that writes it. */
    private readonly producers: ReadonlyMap<string, string>,
    /** Unversioned dataset sources no stage writes: the version at run start, or why none. */
    private readonly atStart: ReadonlyMap<string, DatasetVersion | Error>,
    /** Absolute path of each file sink → id of the stage that writes it. */
    private readonly fileProducers: ReadonlyMap<string, string>,
    private readonly baseDir: string,
  ) {}

  /**
   * Finds which stage writes each dataset, and resolves every other unversioned `dataset://`
   * source of the plan once, now: a version published while the run goes on is not read by it.
   */
  static async atRunStart(
    stages: readonly RunnableStage[],
    catalog: DatasetCatalog,
    herd: string,
    baseDir: string,
  ): Promise<RunPins> {
    const producers = new Map<string, string>()
    const fileProducers = new Map<string, string>()
    for (const stage of stages)
      for (const sink of stage.sinks) {
        const { scheme, rest } = splitUri(sink.uri)
        if (scheme === 'dataset') producers.set(rest.replace(/@.*$/, ''), stage.id)
        else fileProducers.set(path.resolve(baseDir, rest), stage.id)
      }
    const atStart = new Map<string, DatasetVersion | Error>()
    for (const stage of stages)
      for (const source of stage.sources) {
        const ref = datasetRef(source.uri)
        if (!ref || ref.version !== undefined || producers.has(ref.name)) continue
        if (atStart.has(source.uri)) continue
        atStart.set(
          source.uri,
          await catalog.datasets
            .resolve(source.uri, herd)
            .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
        )
      }
    return new RunPins(producers, atStart, fileProducers, baseDir)
  }

  /** Records what a stage committed or reused, for the stages that read it. */
  produce(stageId: string, outputs: readonly CommittedOutput[]): void {
    this.produced.set(stageId, outputs)
  }

  /**
   * The version a stage of this run reads for `uri`; undefined for a versioned `dataset://x@3`
   * (read as written) and for anything not a dataset. Throws the resolution error of a dataset
   * that did not exist at run start.
   */
  versionFor(uri: string): PinnedVersion | undefined {
    const ref = datasetRef(uri)
    if (!ref || ref.version !== undefined) return undefined
    const producer = this.producers.get(ref.name)
    if (producer !== undefined) {
      const version = this.produced
        .get(producer)
        ?.find((o) => o.version.name === ref.name && !o.path)?.version
      if (!version) {
        throw new RuninkError(
          PinCodes.RUNINK_RUN_INPUT_NOT_PRODUCED,
          `${uri} is written by stage ${producer} of this run, which has not committed it`,
          { details: { uri, stage: producer } },
        )
      }
      return { version, pinned: PinKind.stage, fromStage: producer }
    }
    const atStart = this.atStart.get(uri)
    if (atStart instanceof Error) throw atStart
    return atStart ? { version: atStart, pinned: PinKind.runStart } : undefined
  }

  /** The stage of the plan that writes the file a source reads, if one does. */
  fileWriter(uri: string): string | undefined {
    const { scheme, rest } = splitUri(uri)
    return scheme === 'dataset'
      ? undefined
      : this.fileProducers.get(path.resolve(this.baseDir, rest))
  }

  /** The versions bound at run start, by URI: the run's external inputs. */
  startVersions(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const [uri, v] of this.atStart) if (!(v instanceof Error)) out[uri] = v.ref
    return out
  }
}

/** A `dataset://` URI parsed; undefined for other schemes and for a bad one (its stage says so). */
function datasetRef(uri: string): { name: string; version?: number } | undefined {
  if (splitUri(uri).scheme !== 'dataset') return undefined
  try {
    return parseDatasetRef(uri)
  } catch {
    return undefined
  }
}

/**
 * The `pinned` option of resolveInput for a `dataset://` source of a stage of this run (none:
 * as written), or `writtenBy` for a file another stage of the plan writes.
 */
export function pinnedFor(
  uri: string,
  ctx: StageRunContext,
): { pinned?: PinnedVersion; writtenBy?: string } {
  const pinned = ctx.pins?.versionFor(uri)
  if (pinned) return { pinned }
  const writtenBy = ctx.pins?.fileWriter(uri)
  return writtenBy === undefined ? {} : { writtenBy }
}
