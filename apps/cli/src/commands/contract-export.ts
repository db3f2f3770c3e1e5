import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { toJsonSchema } from '@runink/contracts'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { withExamples } from './with-examples.js'
import { loadContractArg } from './load-contract-arg.js'
import { writeOutput } from './write-output.js'

/** `runi contract export <contract> --format jsonschema`. */
export function registerContractExport(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('export')
    .description('export a contract as JSON Schema 2020-12')
    .argument('<contract>', 'contract file')
    .option('--format <format>', 'output format: jsonschema', 'jsonschema')
    .option('-o, --output <file>', 'write here instead of stdout')
    .action(
      action(ctx, async (file: string, opts: { format: string; output?: string }) => {
        if (opts.format !== 'jsonschema') {
          throw new CliError(
            'RUNINK_CLI_USAGE',
            `--format must be jsonschema, not "${opts.format}"`,
          )
        }
        const contract = await loadContractArg(ctx.io, file)
        await writeOutput(
          ctx.io,
          `${JSON.stringify(toJsonSchema(contract.model), null, 2)}\n`,
          opts.output,
        )
        return ExitCode.ok
      }),
    )
  withExamples(
    cmd,
    'runi contract export contracts/trade.yaml --format jsonschema -o trade.schema.json',
  )
}
