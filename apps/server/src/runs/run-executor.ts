import { mkdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { RuninkError, type IsolationRequest } from '@runink/core'
import { compileFeature, formatDiagnostic } from '@runink/dsl'
import {
  claimRunStaging,
  createSliceRunner,
  stagesFromPlan,
  type RunStaging,
  type SliceRunner,
} from '@runink/engine'
import { runOnBarn, stagingRootOf } from '@runink/local'
import { nodeSourceFs } from '@runink/node'
import { ServerCodes, type RunSubmit } from '@runink/protocol'
import { BARN_DIR, type Barn } from '@runink/store'
import { writeBundle } from './write-bundle.js'

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

  constructor(private readonly options: RunExecutorOptions) {}

  /** Compiles and starts a submitted run; resolves once the run is recorded and started. */
  async submit(herd: string, input: RunSubmit, actor: string): Promise<SubmittedRun> {
    const root = path.join(this.options.home, `${BARN_DIR}-server`, 'bundles')
    const dir = await writeBundle(root, input.files)
    const file = path.join(dir, ...input.feature.split('/'))
    if (!(input.feature in input.files))
      throw new RuninkError(
        ServerCodes.RUNINK_PIPELINE_INVALID,
        `the bundle has no file ${input.feature} (the feature to run)`,
        { details: { feature: input.feature } },
      )
    const compiled = await compileFeature(file, nodeSourceFs, { allowedFolders: async () => [] })
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error')
    if (errors.length > 0 || compiled.plan === undefined)
      throw new RuninkError(
        ServerCodes.RUNINK_PIPELINE_INVALID,
        `${input.feature}: ${errors.length} error(s); nothing was run`,
        {
          details: {
            // Paths as in the bundle: the server's folders are none of the caller's business.
            diagnostics: errors.map((d) => {
              const inBundle = { ...d, file: path.relative(dir, d.file) }
              return {
                code: d.code,
                file: inBundle.file,
                line: d.line,
                column: d.column,
                message: d.message,
                text: formatDiagnostic(inBundle, compiled.sources.get(d.file) ?? '', {
                  color: false,
                }),
              }
            }),
          },
        },
      )
    const plan = compiled.plan
    if (plan.feature.herd !== herd)
      throw new RuninkError(
        ServerCodes.RUNINK_PIPELINE_HERD_MISMATCH,
        `${input.feature} runs in herd ${plan.feature.herd}, not ${herd}: submit it to /api/v1/herds/${plan.feature.herd}/runs with a token of that herd`,
        { details: { feature: plan.feature.herd, route: herd } },
      )
    const { barn, home } = this.options
    const { runner, staging } = await (this.host ??= this.startHost())
    const stagingDir = path.join(staging.dir, `run-${++this.count}`)
    await mkdir(stagingDir, { recursive: true, mode: 0o711 })
    const contracts = compiled.contracts
    const abort = new AbortController()
    let started!: (runId: string) => void
    let failed!: (error: unknown) => void
    const runId = new Promise<string>((resolve, reject) => {
      started = resolve
      failed = reject
    })
    const done = runOnBarn(barn, home, {
      plan,
      planHash: compiled.planHash ?? '',
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
        if (e.type === 'run-started') started(e.runId)
      },
    })
    done.then(
      () => failed(new Error('the run ended before it started')),
      (error: unknown) => failed(error),
    )
    const id = await runId
    const tracked = done.catch(() => undefined).finally(() => this.running.delete(id))
    this.running.set(id, { abort, done: tracked })
    return { runId: id, planHash: compiled.planHash ?? '', done: tracked }
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

  /** Cancels every run, waits for them to end, and stops the slice runner. */
  async close(): Promise<void> {
    for (const run of this.running.values()) run.abort.abort()
    await Promise.allSettled([...this.running.values()].map((r) => r.done))
    const host = await this.host?.catch(() => undefined)
    await host?.runner.close()
    await host?.staging.release()
  }
}
