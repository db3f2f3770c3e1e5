import path from 'node:path'
import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { compileFeature, formatDiagnostic } from '@runink/dsl'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { nodeSourceFs } from '@runink/node'
import { colorsFor, printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { resolveArg } from '../resolve-arg.js'
import { checkDatasetSources } from '../run/check-dataset-sources.js'
import { checkSqlSteps } from '../run/check-sql-steps.js'
import { herdAllowedFolders } from '../run/herd-allowed-folders.js'

/** `runi check <file.dsl>`: every problem of a feature file, in one pass. */
export function registerCheck(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('check')
    .description('check a feature file, its contracts and step modules; exit 1 on errors')
    .argument('<file>', 'feature file (.dsl)')
    .option(
      '--strict',
      'make risky warnings errors: invalid records with nowhere to go, annotations not enforced yet',
    )
    .option('--json', 'print the diagnostics as JSON')
    .option(
      '--home <dir>',
      "project folder holding .runink/, whose herd may allow outside folders (default: the feature file's folder)",
    )
    .action(
      action(
        ctx,
        async (fileArg: string, opts: { strict?: boolean; json?: boolean; home?: string }) => {
          const { io } = ctx
          const file = resolveArg(io, fileArg)
          if (!(await nodeSourceFs.exists(file)))
            throw new CliError('RUNINK_CLI_FILE_NOT_FOUND', `${fileArg}: no such feature file`)
          const home = opts.home ? resolveArg(io, opts.home) : path.dirname(file)
          const result = await compileFeature(file, nodeSourceFs, {
            strict: opts.strict ?? false,
            sourcesMustExist: true,
            allowedFolders: herdAllowedFolders(io, home),
          })
          const text = result.sources.get(file) ?? ''
          // What only the Barn and DuckDB can tell, once the file compiles.
          const diagnostics =
            result.plan === undefined
              ? result.diagnostics
              : [
                  ...result.diagnostics,
                  ...(await checkDatasetSources(io, home, file, text, result.plan)),
                  ...(await checkSqlSteps(file, text, result.plan, result.contracts)),
                ]
          const errors = diagnostics.filter((d) => d.severity === 'error').length
          const warnings = diagnostics.length - errors
          if (opts.json) {
            printJson(io, {
              file: fileArg,
              errors,
              warnings,
              diagnostics,
              ...(result.planHash && errors === 0 ? { planHash: result.planHash } : {}),
            })
          } else {
            const c = colorsFor(io)
            for (const d of diagnostics)
              println(
                io,
                formatDiagnostic(d, result.sources.get(d.file) ?? '', {
                  color: Boolean(c.isColorSupported),
                }),
              )
            const verdict = errors > 0 ? c.red(`${errors} error(s)`) : c.green('ok')
            println(io, `${fileArg}: ${verdict}, ${warnings} warning(s)`)
          }
          return errors > 0 ? ExitCode.failed : ExitCode.ok
        },
      ),
    )
  withExamples(
    cmd,
    'runi check examples/trades/trades.dsl',
    'runi check pipeline.dsl --strict --json',
  )
}
