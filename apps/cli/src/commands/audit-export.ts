import type { Command } from 'commander'
import { Readable } from 'node:stream'
import { ExitCode } from '@runink/core'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { eprintln } from '../output.js'
import { withExamples } from './with-examples.js'
import { HOME_OPTION } from './open-barn-for.js'
import { LOCAL_OPTION, SERVER_OPTION } from '../remote/server-target.js'
import { streamOutput } from '../read/stream-output.js'
import { withReader, type ReaderOptions } from '../read/with-reader.js'

/** `runi audit export --format ndjson [-o file]`: the whole log with both hashes per entry. */
export function registerAuditExport(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('export')
    .description('export the whole audit log, hashes included, for archiving or a SIEM')
    .requiredOption('--format <format>', 'ndjson')
    .option('-o, --output <file>', 'file to write (default: stdout)')
    .option(...HOME_OPTION)
    .option(...SERVER_OPTION)
    .option(...LOCAL_OPTION)
    .action(
      action(ctx, (opts: ReaderOptions & { format: string; output?: string }) => {
        if (opts.format !== 'ndjson')
          throw new CliError(
            'RUNINK_CLI_UNSUPPORTED_FORMAT',
            `audit export supports --format ndjson, not "${opts.format}"`,
          )
        return withReader(ctx.io, opts, async (reader) => {
          const lines = Readable.from(reader.auditExport())
          if (await streamOutput(ctx.io, lines, opts.output))
            eprintln(ctx.io, `audit log exported to ${opts.output}`)
          return ExitCode.ok
        })
      }),
    )
  withExamples(cmd, 'runi audit export --format ndjson -o audit.ndjson')
}
