import { mkdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { RuninkError, type IsolationRequest } from '@runink/core'
import {
  claimRunStaging,
  createSliceRunner,
  stagesFromPlan,
  type RunStaging,
  type SliceRunner,
} from '@runink/engine'
import { contractsOfPlan, runOnBarn, stagingRootOf } from '@runink/local'
import {
  RunStreamEvent,
  ServerCodes,
  type PipelineBundle,
  type RunEnded,
  type RunSubmit,
} from '@runink/protocol'
import { BARN_DIR, type Barn } from '@runink/store'
import { RunEventLog } from './run-event-log.js'
import { observeRun, type RunObserver } from './run-observer.js'
import { runStatusOf } from './run-status-of.js'
import {
  storedPipeline,
  uploadPipeline,
  type PipelineHome,
  type ReadyPipeline,
} from './upload-pipeline.js'

/** How many ended runs' event logs a server keeps for clients that come late or reconnect. */
export const ENDED_RUNS_KEPT = 100

/** A value as it goes over the wire (dates as ISO strings, no undefined fields). */
const jsonOf = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T

/** How the server runs what is submitted to it. */
export interface RunExecutorOptions {
  readonly barn: Barn
  /** The server's home: bundles in `<home>/.runink-server/bundles`, staging beside the Barn. */
  readonly home: string
  /** Default sandbox (the strongest the host allows), as `runi run`. */
  readonly isolation?: IsolationRequest
  /** Stages of one run at once; default the host's cores. */
  readonly concurrency?: number
}

/** A submission accepted: its run id and plan hash; `done` settles when the run ends. */
export interface SubmittedRun {
  readonly runId: string
  readonly planHash: string
  readonly pipeline: { readonly name: string; readonly version: number }
  readonly done: Promise<unknown>
}

/**
 * Runs submitted pipelines on the server's host through the local engine: unpacks the bundle,
 * compiles its feature (paths must stay inside the bundle), checks the feature's herd is the
 * one submitted to, and runs it with the Barn's ports, a slice runner kept warm between runs,
 * and the herd's grants and mask key, as `runi run` does. A run goes on after its request has
 * been answered; close() cancels what is running and waits for it.
 */
export class RunExecutor {
  private host: Promise<{ runner: SliceRunner; staging: RunStaging }> | undefined
  private readonly running = new Map<string, { abort: AbortController; done: Promise<unknown> }>()
  private count = 0
  private readonly logs = new Map<string, RunEventLog>()
  private readonly endedRuns: string[] = []
  private closed: Promise<void> | undefined
  private readonly observers = new Set<RunObserver>()

  constructor(private readonly options: RunExecutorOptions) {}

  /** The Barn, and where uploaded bundles are unpacked (each in a folder named by its SHA-256). */
  private get pipelineHome(): PipelineHome {
    return {
      barn: this.options.barn,
      root: path.join(this.options.home, `${BARN_DIR}-server`, 'bundles'),
    }
  }

  /** Watches every run submitted from now on (metrics, traces); returns how to stop watching. */
  observe(observer: RunObserver): () => void {
    this.observers.add(observer)
    return () => this.observers.delete(observer)
  }

  /** Unpacks, compiles and registers a bundle as a version of its pipeline (see uploadPipeline). */
  upload(herd: string, bundle: PipelineBundle, actor: string): Promise<ReadyPipeline> {
    return uploadPipeline(this.pipelineHome, herd, bundle, actor)
  }

  /**
   * Starts a run of a bundle (uploaded first, as a pipeline version) or of an uploaded pipeline
   * version; resolves once the run is recorded, started, and linked to its version.
   */
  async submit(herd: string, input: RunSubmit, actor: string): Promise<SubmittedRun> {
    if (this.closed)
      throw new RuninkError(
        ServerCodes.RUNINK_RUNS_UNAVAILABLE,
        'this server is stopping and starts no more runs: submit it again when it is back',
      )
    const ready =
      'pipeline' in input
        ? await storedPipeline(this.pipelineHome, herd, input.pipeline, input.version)
        : await this.upload(herd, input, actor)
    const { dir, compiled, pipeline } = ready
    const plan = compiled.plan
    const { barn, home } = this.options
    const { runner, staging } = await (this.host ??= this.startHost())
    const stagingDir = path.join(staging.dir, `run-${++this.count}`)
    await mkdir(stagingDir, { recursive: true, mode: 0o711 })
    const contracts = compiled.contracts
    const abort = new AbortController()
    const log = new RunEventLog()
    const watch = observeRun(this.observers, {
      herd,
      pipeline: plan.feature.name,
      planHash: compiled.planHash,
      actor,
    })
    let started!: (runId: string) => void
    let failed!: (error: unknown) => void
    const runId = new Promise<string>((resolve, reject) => {
      started = resolve
      failed = reject
    })
    const done = runOnBarn(barn, home, {
      plan,
      planHash: compiled.planHash,
      contracts: contractsOfPlan(plan, contracts),
      name: plan.feature.name,
      herd,
      stages: stagesFromPlan(plan, {
        baseDir: dir,
        contracts: (ref) => contracts?.get(ref.name, ref.version),
      }),
      baseDir: dir,
      runner,
      concurrency: this.options.concurrency ?? os.availableParallelism(),
      noCache: input.noCache ?? false,
      params: input.params ?? {},
      stagingDir,
      signal: abort.signal,
      actor,
      onEvent: (e) => {
        if (e.type === 'run-started') {
          this.logs.set(e.runId, log)
          started(e.runId)
        }
        log.push(RunStreamEvent.runEvent, e)
        watch.onEvent(e)
      },
    })
    done.then(
      (result) => watch.end({ result }),
      (error: unknown) => watch.end({ error }),
    )
    done.then(
      () => failed(new Error('the run ended before it started')),
      (error: unknown) => failed(error),
    )
    const id = await runId
    const tracked = done
      .then(
        (result): RunEnded['result'] => jsonOf({ ...result, isolation: runner.isolation }),
        () => null,
      )
      .then((result) => this.ended(id, log, result))
      .finally(() => this.running.delete(id))
    this.running.set(id, { abort, done: tracked })
    await barn.pipelines.recordRun(id, pipeline.id)
    return {
      runId: id,
      planHash: compiled.planHash,
      pipeline: { name: pipeline.name, version: pipeline.version },
      done: tracked,
    }
  }

  /**
   * The events of a run this server runs or ran lately (the newest {@link ENDED_RUNS_KEPT}
   * ended runs are kept); undefined for any other run.
   */
  events(runId: string): RunEventLog | undefined {
    return this.logs.get(runId)
  }

  /** Ends a run's event log with its final status and result, keeping the newest ended logs. */
  private async ended(runId: string, log: RunEventLog, result: RunEnded['result']): Promise<void> {
    const { barn } = this.options
    const run = await barn.runs.get(runId).catch(() => undefined)
    const status = run ? await runStatusOf(barn, run.herd, runId).catch(() => undefined) : undefined
    if (status) log.push(RunStreamEvent.runEnded, { status, result })
    else log.close()
    this.endedRuns.push(runId)
    while (this.endedRuns.length > ENDED_RUNS_KEPT) this.logs.delete(this.endedRuns.shift() ?? '')
  }

  /**
   * The staging this server's runs share (claimed for its life, swept after it dies) and the
   * slice runner kept warm between runs, its supervisor an owner of that staging.
   */
  private async startHost(): Promise<{ runner: SliceRunner; staging: RunStaging }> {
    const staging = await claimRunStaging(stagingRootOf(this.options.home))
    try {
      const runner = await createSliceRunner({
        mode: this.options.isolation ?? 'sandbox',
        stagingRoot: path.join(staging.dir, 'slices'),
      })
      for (const pid of runner.pids ?? []) await staging.addOwner(pid)
      return { runner, staging }
    } catch (error) {
      this.host = undefined
      await staging.release()
      throw error
    }
  }

  /** Asks a running run to stop (it ends cancelled); false when it is not running here. */
  cancel(runId: string): boolean {
    const run = this.running.get(runId)
    run?.abort.abort()
    return run !== undefined
  }

  /**
   * Refuses new runs, cancels every run, waits for them to end (their event streams end with
   * it), and stops the slice runner. Calling it again waits for the same.
   */
  close(): Promise<void> {
    return (this.closed ??= this.stop())
  }

  private async stop(): Promise<void> {
    for (const run of this.running.values()) run.abort.abort()
    await Promise.allSettled([...this.running.values()].map((r) => r.done))
    const host = await this.host?.catch(() => undefined)
    await host?.runner.close()
    await host?.staging.release()
  }
}
