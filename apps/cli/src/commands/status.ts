import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import type { RunDetail } from '@runink/store'
import { action, type CliContext } from '../cli-context.js'
import { printJson, println } from '../output.js'
import { withExamples } from '../program.js'
import { formatTable } from './format-table.js'
import { HOME_OPTION, withBarn } from './open-barn-for.js'
import { formatDuration } from './runs.js'
import { describeIsolation } from '../run/describe-isolation.js'

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
      `${s.counts.recordsIn}/${s.counts.recordsOut}/${s.counts.recordsInvalid}`,
      s.error ?? '',
    ]
  })
  if (rows.length)
    lines.push(
      formatTable(
        ['STAGE', 'STATUS', 'SLICES', 'ATTEMPTS', 'ISOLATION', 'IN/OUT/INVALID', 'ERROR'],
        rows,
      ),
    )
  const isolations = new Set(d.stages.flatMap((s) => s.slices.map((x) => x.isolation)))
  for (const isolation of isolations)
    if (isolation !== null && describeIsolation(isolation) !== isolation)
      lines.push(`  ${describeIsolation(isolation)}`)
  if (d.datasets.length) {
    lines.push('', 'datasets written:')
    for (const v of d.datasets)
      lines.push(`  ${v.ref}  ${v.recordCount} records  ${v.contentHash.slice(0, 19)}`)
  }
  return lines.join('\n')
}

/** `runi status <run>`: one run with its stages, slices, counts and outputs. */
export function registerStatus(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('status')
    .description('show a run: stages, slices, record counts, datasets written')
    .argument('<run>', 'run id')
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .action(
      action(ctx, (runId: string, opts: { json?: boolean; home?: string }) =>
        withBarn(ctx.io, opts.home, async (barn) => {
          const detail = await barn.runDetail(runId)
          if (opts.json) printJson(ctx.io, detail)
          else println(ctx.io, describeRun(detail))
          return ExitCode.ok
        }),
      ),
    )
  withExamples(cmd, 'runi status 01934f2e-…', 'runi status <run> --json')
}
