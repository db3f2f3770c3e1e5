import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { isTerminal, type Barn } from '@runink/store'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { println } from '../output.js'
import { withExamples } from './with-examples.js'
import { HOME_OPTION, withBarn } from './open-barn-for.js'
import { remoteLogs } from '../remote/remote-logs.js'
import { LOCAL_OPTION, SERVER_OPTION, serverTarget } from '../remote/server-target.js'

/**
 * Prints every slice's new lines, prefixed `[stage#partition.attempt]`; returns true when the
 * run had ended before this pass read, so nothing more can come.
 */
async function printPass(
  barn: Barn,
  ctx: CliContext,
  runId: string,
  stage: string | undefined,
  offsets: Map<string, number>,
): Promise<boolean> {
  const ended = isTerminal((await barn.runs.get(runId)).status)
  const stages = new Map((await barn.stages.ofRun(runId)).map((s) => [s.id, s.stage]))
  if (stage !== undefined && ![...stages.values()].includes(stage)) {
    throw new CliError(
      'RUNINK_CLI_USAGE',
      `run ${runId} has no stage "${stage}" (stages: ${[...stages.values()].join(', ') || 'none yet'})`,
    )
  }
  for (const slice of await barn.stages.slicesOfRun(runId)) {
    const name = stages.get(slice.stageRunId) ?? '?'
    if (stage !== undefined && name !== stage) continue
    for (;;) {
      const { lines, next } = await barn.logs.read(slice.id, offsets.get(slice.id) ?? 0)
      for (const l of lines)
        println(ctx.io, `[${name}#${slice.partition}.${slice.attempt}] ${l.line}`)
      offsets.set(slice.id, next)
      if (lines.length === 0) break
    }
  }
  return ended
}

interface LogsOptions {
  stage?: string
  follow?: boolean
  home?: string
  server?: string | boolean
  local?: boolean
}

/** `runi logs <run>`: the logs of a run's slices; `--follow` until the run ends. */
export function registerLogs(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('logs')
    .description("print a run's slice logs, optionally of one stage, optionally following")
    .argument('<run>', 'run id')
    .option('--stage <name>', 'only this stage')
    .option('-f, --follow', 'keep printing new lines until the run ends')
    .option(...HOME_OPTION)
    .option(...SERVER_OPTION)
    .option(...LOCAL_OPTION)
    .action(
      action(ctx, async (runId: string, opts: LogsOptions) => {
        const server = await serverTarget(ctx.io, opts.server, { local: opts.local ?? false })
        if (server) return remoteLogs(ctx.io, server, runId, opts)
        return withBarn(ctx.io, opts.home, async (barn) => {
          const offsets = new Map<string, number>()
          while (!(await printPass(barn, ctx, runId, opts.stage, offsets)) && opts.follow) {
            await new Promise((resolve) => setTimeout(resolve, 250))
          }
          return ExitCode.ok
        })
      }),
    )
  withExamples(cmd, 'runi logs <run> --stage silver --follow', 'runi logs <run> --server --follow')
}
