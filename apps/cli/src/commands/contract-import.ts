import type { Command } from 'commander'
import { readFile } from 'node:fs/promises'
import { ExitCode } from '@runink/core'
import { contractToYaml, fromJsonSchema } from '@runink/contracts'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { eprintln } from '../output.js'
import { withExamples } from './with-examples.js'
import { resolveArg } from '../resolve-arg.js'
import { writeOutput } from './write-output.js'

/** `runi contract import <schema.json>`: a contract from JSON Schema, reporting what is lost. */
export function registerContractImport(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('import')
    .description('import a JSON Schema as a contract, listing what it cannot express')
    .argument('<schema>', 'JSON Schema file')
    .option('-o, --output <file>', 'write the contract YAML here instead of stdout')
    .option('--name <name>', 'contract name (default: from the schema title or $id)')
    .option('--version <version>', 'contract version (default: 1.0.0)')
    .action(
      action(
        ctx,
        async (file: string, opts: { output?: string; name?: string; version?: string }) => {
          const { io } = ctx
          let schema: unknown
          try {
            schema = JSON.parse(await readFile(resolveArg(io, file), 'utf8'))
          } catch (error) {
            const code = (error as { code?: string }).code
            throw new CliError(
              code === 'ENOENT' ? 'RUNINK_CLI_FILE_NOT_FOUND' : 'RUNINK_CLI_UNREADABLE_INPUT',
              code === 'ENOENT'
                ? `${file}: no such file`
                : `${file}: not valid JSON (${(error as Error).message})`,
            )
          }
          const result = fromJsonSchema(schema, { name: opts.name, version: opts.version })
          for (const u of result.unsupported)
            eprintln(io, `warning: ${file}: ${u.path}: ${u.keyword} not imported: ${u.reason}`)
          for (const p of result.problems) eprintln(io, `error: ${file}: ${formatImportProblem(p)}`)
          if (result.contract === undefined) return ExitCode.usage
          await writeOutput(io, contractToYaml(result.contract), opts.output)
          return ExitCode.ok
        },
      ),
    )
  withExamples(cmd, 'runi contract import trade.schema.json -o contracts/trade.yaml')
}

function formatImportProblem(p: unknown): string {
  if (typeof p === 'string') return p
  const { path, message } = p as { path?: string; message?: string }
  return path ? `${path}: ${message ?? ''}` : (message ?? JSON.stringify(p))
}
