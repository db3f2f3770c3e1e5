import type { Command } from 'commander'
import os from 'node:os'
import path from 'node:path'
import { ExitCode, isOneOf, IsolationRequest } from '@runink/core'
import {
  claimRunStaging,
  createSliceRunner,
  stagesFromPlan,
  type SliceRunner,
} from '@runink/engine'
import { contractsOfPlan, runOnBarn } from '@runink/local'
import { openBarn, osActor, type Barn } from '@runink/store'
import { auditKeyDirOf } from './audit-key-dir.js'
import { barnTemplateDirOf } from './barn-template-dir.js'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { eprintln, printJson } from '../output.js'
import { withExamples } from './with-examples.js'
import { compileOrReport } from '../run/compile-or-report.js'
import { printSummary } from '../run/print-summary.js'
import { RunView } from '../run/run-view.js'
import { explainPlan } from '@runink/dsl'
import { println } from '../output.js'
import { resolveArg } from '../resolve-arg.js'
import { onStopSignal, SIGNAL_EXIT_CODES, type StopSignal } from '../signal-exit.js'
import { reportRecoveredFiles } from './report-recovered-files.js'
import { stagingRootOf, sweepStaging } from './sweep-staging.js'
import { serveRunBarn } from '../serve/serve-run-barn.js'
import { barnClosedHere } from '../keep/keep-barns-warm.js'
import { remoteRun } from '../remote/remote-run.js'
import { LOCAL_OPTION, serverTarget } from '../remote/server-target.js'

interface RunOptions {
  dryRun?: boolean
  param: string[]
  json?: boolean
  concurrency?: string
  isolation?: string
  cache: boolean
  home?: string
  strict?: boolean
  allowUnenforcedLimits?: boolean
  server?: string | boolean
  local?: boolean
}

function parseParams(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const item of list) {
    const eq = item.indexOf('=')
    if (eq <= 0) throw new CliError('RUNINK_CLI_USAGE', `--param needs key=value, got "${item}"`)
    out[item.slice(0, eq)] = item.slice(eq + 1)
  }
  return out
}

/** `runi run <file.dsl>`: compile, record, run every stage in isolation, report. */
export function registerRun(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('run')
    .description('compile a feature file and run its pipeline, recording everything in the Barn')
    .argument('<file>', 'feature file (.dsl)')
    .option('--dry-run', 'compile and check, show what would run, run nothing')
    .option(
      '--param <key=value>',
      'a run parameter (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--json', 'print the run result as JSON')
    .option('--concurrency <n>', 'stages run at once (default: cores)')
    .option(
      '--isolation <mode>',
      'sandbox | process | none (default: sandbox where the host allows)',
    )
    .option('--no-cache', 'run every stage even when an identical earlier run could be reused')
    .option('--home <dir>', "project folder holding .runink/ (default: the feature file's folder)")
    .option('--strict', 'treat checker warnings as errors')
    .option(
      '--server [url]',
      'run it on a runi serve (its URL, else the profile runi login saved; also RUNINK_SERVER_URL)',
    )
    .option(...LOCAL_OPTION)
    .option(
      '--allow-unenforced-limits',
      'run stages whose memory or cpu request this host cannot enforce (no cgroups), without it',
    )
    .action(
      action(ctx, async (fileArg: string, opts: RunOptions) => {
        const { io } = ctx
        const isolation = opts.isolation ?? 'sandbox'
        if (!isOneOf(IsolationRequest, isolation))
          throw new CliError(
            'RUNINK_CLI_USAGE',
            `--isolation must be sandbox, process or none, not "${isolation}"`,
          )
        const concurrency =
          opts.concurrency === undefined ? os.availableParallelism() : Number(opts.concurrency)
        if (!Number.isInteger(concurrency) || concurrency < 1)
          throw new CliError('RUNINK_CLI_USAGE', '--concurrency must be a positive integer')
        const params = parseParams(opts.param)
        const compiled = await compileOrReport(io, fileArg, {
          strict: opts.strict ?? false,
          ...(opts.home ? { home: opts.home } : {}),
          quietWarnings: Boolean(opts.json),
        })
        if (!compiled.ok) return compiled.code
        const { plan, display } = compiled.result
        const planHash = compiled.result.planHash ?? ''
        const baseDir = path.dirname(compiled.file)
        if (opts.dryRun) {
          if (opts.json) printJson(io, { planHash, plan })
          else {
            println(io, explainPlan(plan, display))
            println(io, `plan ${planHash}: dry run, nothing was run`)
          }
          return ExitCode.ok
        }
        const server = await serverTarget(io, opts.server, { local: opts.local ?? false })
        if (server)
          return remoteRun(io, server, {
            file: compiled.file,
            herd: plan.feature.herd,
            params,
            noCache: !opts.cache,
            json: Boolean(opts.json),
          })
        const home = opts.home ? resolveArg(io, opts.home) : baseDir
        const contracts = compiled.result.contracts
        const stages = stagesFromPlan(plan, {
          baseDir,
          contracts: (ref) => contracts?.get(ref.name, ref.version),
        })
        const databaseUrl = io.env.RUNINK_DATABASE_URL
        await sweepStaging(io, home)
        // Everything this run stages (input copies, slice outputs) lives in one folder that names
        // this process: removed when the run ends, swept by the next command if it is killed.
        const staging = await claimRunStaging(stagingRootOf(home))
        // The supervisor starts in its own process while this one opens the Barn.
        const starting = createSliceRunner({
          mode: isolation,
          ...(opts.allowUnenforcedLimits ? { allowUnenforcedLimits: true } : {}),
          stagingRoot: path.join(staging.dir, 'slices'),
        })
        let barn: Barn
        try {
          barn = await openBarn({
            home,
            ...(databaseUrl ? { databaseUrl } : {}),
            ...(io.env.RUNINK_OPENLINEAGE_URL
              ? { openLineageUrl: io.env.RUNINK_OPENLINEAGE_URL }
              : {}),
            actor: osActor(),
            auditKeyDir: auditKeyDirOf(io.env),
            templateDir: barnTemplateDirOf(io.env),
            onLockWait: (message) => eprintln(io, message),
          })
          reportRecoveredFiles(io, barn)
        } catch (error) {
          await starting.then((r) => r.close()).catch(() => undefined)
          await staging.release()
          throw error
        }
        let runner: SliceRunner
        try {
          runner = await starting
        } catch (error) {
          await barn.close()
          await staging.release()
          throw error
        }
        try {
          // Its slices live in the supervisor: the staging is theirs while it lives.
          for (const pid of runner.pids ?? []) await staging.addOwner(pid)
        } catch (error) {
          await runner.close()
          await barn.close()
          await staging.release()
          throw error
        }
        // Other terminals watch this run through it: it holds an embedded Barn until it ends.
        const served = await serveRunBarn(ctx, home, barn)
        for (const id of barn.recovered)
          eprintln(
            io,
            `note: run ${id} was left running by a process that is gone; marked abandoned`,
          )
        const view = new RunView(io, Boolean(opts.json))
        const abort = new AbortController()
        let stoppedBy: StopSignal = 'SIGINT'
        const offStop = onStopSignal((signal) => {
          stoppedBy = signal
          eprintln(
            io,
            `cancelling (${signal}): stopping slices and removing staged output (${signal === 'SIGINT' ? 'Ctrl-C' : 'a second signal'} again to quit at once)`,
          )
          abort.abort()
        })
        try {
          const result = await runOnBarn(barn, home, {
            plan,
            planHash,
            contracts: contractsOfPlan(plan, contracts),
            name: plan.feature.name,
            herd: plan.feature.herd,
            stages,
            baseDir,
            runner,
            concurrency,
            noCache: !opts.cache,
            params,
            stagingDir: staging.dir,
            signal: abort.signal,
            actor: osActor(),
            onEvent: (e) => {
              if (e.type === 'run-started') served.runStarted(e.runId)
              view.on(e)
            },
          })
          view.close()
          if (opts.json)
            printJson(io, {
              ...result,
              planHash,
              isolation: runner.isolation,
              warnings: runner.warnings,
            })
          else printSummary(io, result, runner.isolation, { home, herd: plan.feature.herd })
          return result.status === 'succeeded'
            ? ExitCode.ok
            : result.status === 'cancelled'
              ? SIGNAL_EXIT_CODES[stoppedBy]
              : ExitCode.failed
        } finally {
          view.close()
          offStop()
          await served.close()
          await runner.close()
          await staging.release()
          await barn.close()
          if (barn.kind === 'pglite') barnClosedHere(home)
        }
      }),
    )
  withExamples(
    cmd,
    'runi run examples/trades/trades.dsl',
    'runi run pipeline.dsl --param day=2026-11-23 --json',
  )
}
