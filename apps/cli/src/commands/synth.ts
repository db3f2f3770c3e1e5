import type { Command } from 'commander'
import { inputFormatWriter } from '@runink/contracts'
import { ExitCode } from '@runink/core'
import { formatOfPath } from '@runink/engine'
import { openAtomicFile } from '@runink/node'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { withExamples } from './with-examples.js'
import { resolveArg } from '../resolve-arg.js'
import { loadContractArg } from './load-contract-arg.js'
import { toCsv, toJsonl } from './record-text.js'

const BATCH = 1000

/** `runi synth <contract>`: seeded synthetic records that satisfy the contract. */
export function registerSynth(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('synth')
    .description('generate deterministic synthetic records valid against a contract')
    .argument('<contract>', 'contract file')
    .requiredOption('-n, --count <count>', 'number of records')
    .option('--seed <seed>', 'seed: the same seed gives the same bytes', '1')
    .option('--format <format>', 'csv | jsonl (default: from -o, else jsonl)')
    .option('-o, --output <file>', 'write here instead of stdout (atomically)')
    .action(
      action(
        ctx,
        async (
          file: string,
          opts: { count: string; seed: string; format?: string; output?: string },
        ) => {
          const { io } = ctx
          const count = Number(opts.count)
          if (!Number.isInteger(count) || count < 0)
            throw new CliError(
              'RUNINK_CLI_USAGE',
              `-n must be a non-negative integer, not "${opts.count}"`,
            )
          const format =
            opts.format ?? (opts.output ? formatOfPath(opts.output) : undefined) ?? 'jsonl'
          if (format !== 'csv' && format !== 'jsonl')
            throw new CliError('RUNINK_CLI_USAGE', `--format must be csv or jsonl, not "${format}"`)
          const contract = await loadContractArg(io, file)
          // Faker loads only for this command, not with every `runi` start.
          const { synthesize } = await import('@runink/synth')
          const columns = Object.keys(contract.model.fields)
          // A .tsv file is CSV split by tabs, as sources read it.
          const tab = opts.output?.toLowerCase().endsWith('.tsv') ? '\t' : ','
          // CSV is read back in coerce mode: dates and timestamps go in their input_format.
          const text = format === 'csv' ? inputFormatWriter(contract.model) : undefined
          const out = opts.output ? await openAtomicFile(resolveArg(io, opts.output)) : undefined
          const write = async (text: string): Promise<void> => {
            if (out) await out.write(text)
            else if (!io.stdout.write(text)) await new Promise((ok) => io.stdout.once('drain', ok))
          }
          try {
            let batch: Record<string, unknown>[] = []
            let first = true
            const flush = async (): Promise<void> => {
              await write(format === 'csv' ? toCsv(batch, columns, first, tab) : toJsonl(batch))
              first = false
              batch = []
            }
            for (const record of synthesize(contract.model, { seed: opts.seed, count })) {
              batch.push(text === undefined ? record : text(record))
              if (batch.length >= BATCH) await flush()
            }
            if (batch.length > 0 || (first && format === 'csv')) await flush()
            await out?.commit()
          } catch (error) {
            await out?.abort()
            throw error
          }
          return ExitCode.ok
        },
      ),
    )
  withExamples(cmd, 'runi synth contracts/trade.yaml -n 1000 --seed 42 -o data/trades.csv')
}
