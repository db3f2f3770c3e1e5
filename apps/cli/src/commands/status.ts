import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { RUN_STATUS } from '@runink/protocol'
import type { RunDetail } from '@runink/store'
import { action, type CliContext } from '../cli-context.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { formatTable } from './format-table.js'
import { HOME_OPTION } from './open-barn-for.js'
import { LOCAL_OPTION, SERVER_OPTION } from '../remote/server-target.js'
import { withReader, type ReaderOptions } from '../read/with-reader.js'
import { formatDuration } from './runs.js'
import { describeIsolation } from '../run/describe-isolation.js'
import { describeInputs } from './describe-inputs.js'
import {
  describeFailedReasons,
  describeMetrics,
  describeStageErrors,
  stageCountCells,
} from './describe-stage-stats.js'

/** The text `runi status` prints for a run. */
export function describeRun(d: RunDetail): string {
  const { run, counts } = d
  const lines = [
    `run ${run.id}  ${run.status}`,
    `  herd ${run.herd}  plan ${run.planHash}`,
    `  spec ${run.specHash}`,
    `  created ${run.createdAt.toISOString()}${run.startedAt && run.finishedAt ? `  took ${formatDuration(run.finishedAt.getTime() - run.startedAt.getTime())}` : ''}`,
  ]
  if (run.error) lines.push(`  error: ${run.error}`)
  lines.push(
    `  records: ${counts.recordsIn} in, ${counts.recordsOut} out, ${counts.recordsInvalid} invalid`,
    '',
  )
  const rows = d.stages.map((s) => {
    const attempts = Math.max(0, ...s.slices.map((x) => x.attempt))
    const isolation = [...new Set(s.slices.map((x) => x.isolation).filter((x) => x !== null))].join(
      ',',
    )
    return [
      s.stage,
      s.status + (s.cacheHit ? ' (cache)' : ''),
      String(s.slices.length),
      String(attempts),
      isolation,
      ...stageCountCells(s),
      s.error ?? '',
    ]
  })
  if (rows.length)
    lines.push(
      formatTable(
        [
          'STAGE',
          'STATUS',
          'SLICES',
          'ATTEMPTS',
          'ISOLATION',
          'IN',
          'VALID',
          'INVALID',
          'FILTERED',
          'OUT',
          'ERROR',
        ],
        rows,
      ),
    )
  lines.push(...describeMetrics(d), ...describeFailedReasons(d))
  if (d.stages.some((s) => s.status === 'failed' && (s.stats?.reasons.length ?? 0) > 0))
    lines.push(`  why records were invalid: runi status ${run.id} --errors`)
  const isolations = new Set(d.stages.flatMap((s) => s.slices.map((x) => x.isolation)))
  for (const isolation of isolations)
    if (isolation !== null && describeIsolation(isolation) !== isolation)
      lines.push(`  ${describeIsolation(isolation)}`)
  lines.push(...describeInputs(d.inputs))
  if (d.datasets.length) {
    lines.push('', 'datasets written:')
    for (const v of d.datasets)
      lines.push(`  ${v.ref}  ${v.recordCount} records  ${v.contentHash.slice(0, 19)}`)
  }
  return lines.join('\n')
}

interface StatusOptions extends ReaderOptions {
  json?: boolean
  errors?: boolean
}

/** `runi status <run>`: one run with its stages, slices, counts and outputs. */
export function registerStatus(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('status')
    .description('show a run: stages, slices, record counts, datasets written')
    .argument('<run>', 'run id')
    .option('--json', 'print JSON (stages carry their stats: counts, metrics, reasons, evidence)')
    .option('--errors', 'also show why records were invalid: top reasons, first invalid records')
    .option(...HOME_OPTION)
    .option(...SERVER_OPTION)
    .option(...LOCAL_OPTION)
    .action(
      action(ctx, (runId: string, opts: StatusOptions) =>
        withReader(ctx.io, opts, async (reader) => {
          const detail = await reader.runDetail(runId)
          // The protocol's run-status message (version 1), with the stats, cache keys, inputs and
          // datasets written riding along.
          if (opts.json) printJson(ctx.io, { ...RUN_STATUS, ...detail })
          else
            println(
              ctx.io,
              [describeRun(detail), ...(opts.errors ? describeStageErrors(detail) : [])].join('\n'),
            )
          return ExitCode.ok
        }),
      ),
    )
  withExamples(
    cmd,
    'runi status 01934f2e-…',
    'runi status <run> --errors',
    'runi status <run> --json',
  )
}
