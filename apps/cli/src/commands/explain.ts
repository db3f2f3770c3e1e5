import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { explainPlan } from '@runink/dsl'
import { action, type CliContext } from '../cli-context.js'
import { println } from '../output.js'
import { withExamples } from './with-examples.js'
import { compileOrReport } from '../run/compile-or-report.js'

/** `runi explain <file.dsl>`: what will run, for people. */
export function registerExplain(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('explain')
    .description(
      'describe what a feature file will run: stages, inputs, steps, outputs, contracts, limits',
    )
    .argument('<file>', 'feature file (.dsl)')
    .action(
      action(ctx, async (fileArg: string) => {
        const compiled = await compileOrReport(ctx.io, fileArg)
        if (!compiled.ok) return compiled.code
        println(ctx.io, explainPlan(compiled.result.plan, compiled.result.display))
        return ExitCode.ok
      }),
    )
  withExamples(cmd, 'runi explain examples/trades/trades.dsl')
}
