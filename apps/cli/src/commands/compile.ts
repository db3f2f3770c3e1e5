import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { canonicalJson } from '@runink/core'
import { planToDot, planToMermaid } from '@runink/dsl'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { compileOrReport } from '../run/compile-or-report.js'
import { writeOutput } from './write-output.js'

/** `runi compile <file.dsl>`: the canonical plan and its hash. */
export function registerCompile(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('compile')
    .description('compile a feature file to its canonical, hashed plan; print the plan hash')
    .argument('<file>', 'feature file (.dsl)')
    .option('-o, --output <file>', 'write the plan (canonical JSON) here')
    .option('--graph <format>', 'print the stage graph instead: dot | mermaid')
    .option('--strict', 'treat warnings as errors')
    .option('--json', 'print {"planHash","stages","edges"} as JSON')
    .action(
      action(
        ctx,
        async (
          fileArg: string,
          opts: { output?: string; graph?: string; strict?: boolean; json?: boolean },
        ) => {
          const { io } = ctx
          if (opts.graph !== undefined && opts.graph !== 'dot' && opts.graph !== 'mermaid') {
            throw new CliError(
              'RUNINK_CLI_USAGE',
              `--graph must be dot or mermaid, not "${opts.graph}"`,
            )
          }
          const compiled = await compileOrReport(io, fileArg, { strict: opts.strict ?? false })
          if (!compiled.ok) return compiled.code
          const { plan, planHash } = compiled.result
          if (opts.output) await writeOutput(io, `${canonicalJson(plan)}\n`, opts.output)
          if (opts.graph === 'dot') println(io, planToDot(plan))
          else if (opts.graph === 'mermaid') println(io, planToMermaid(plan))
          else if (opts.json)
            printJson(io, { planHash, stages: plan.stages.map((st) => st.id), edges: plan.edges })
          else println(io, planHash)
          return ExitCode.ok
        },
      ),
    )
  withExamples(
    cmd,
    'runi compile examples/trades/trades.dsl -o plan.json',
    'runi compile examples/trades/trades.dsl --graph mermaid',
  )
}
