import type { Command } from 'commander'
import path from 'node:path'
import { ExitCode } from '@runink/core'
import { contractToYaml, inferContract } from '@runink/contracts'
import { eachRecord, formatOfPath, readRecords } from '@runink/engine'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { eprintln } from '../output.js'
import { withExamples } from './with-examples.js'
import { resolveArg } from '../resolve-arg.js'
import { writeOutput } from './write-output.js'

/** `runi contract infer <data>`: a first contract from sample data. */
export function registerContractInfer(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('infer')
    .description('infer a first contract from a CSV, JSONL or JSON sample')
    .argument('<data>', 'sample data file')
    .option('-o, --output <file>', 'write the contract YAML here instead of stdout')
    .option('--name <name>', 'contract name (default: the file name)')
    .option('--limit <n>', 'read at most this many records', '100000')
    .action(
      action(
        ctx,
        async (dataFile: string, opts: { output?: string; name?: string; limit: string }) => {
          const { io } = ctx
          const format = formatOfPath(dataFile)
          if (format === undefined) {
            throw new CliError(
              'RUNINK_CLI_UNSUPPORTED_FORMAT',
              `${dataFile}: use a .csv, .jsonl, .ndjson, .json or .parquet file`,
            )
          }
          const limit = Number(opts.limit)
          if (!Number.isInteger(limit) || limit < 1)
            throw new CliError('RUNINK_CLI_USAGE', '--limit must be a positive integer')
          const sample: Record<string, unknown>[] = []
          for await (const record of eachRecord(readRecords(resolveArg(io, dataFile), format))) {
            sample.push(record)
            if (sample.length >= limit) break
          }
          const name =
            opts.name ??
            path
              .basename(dataFile)
              .replace(/\.[^.]+$/, '')
              .replace(/[^A-Za-z0-9_]+/g, '_')
          const { contract, notes } = inferContract(sample, { name, textual: format === 'csv' })
          for (const note of notes) eprintln(io, `note: ${note}`)
          await writeOutput(io, contractToYaml(contract), opts.output)
          return ExitCode.ok
        },
      ),
    )
  withExamples(cmd, 'runi contract infer data/trades.csv -o contracts/trade.yaml')
}
