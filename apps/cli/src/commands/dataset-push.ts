import type { Command } from 'commander'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { ExitCode } from '@runink/core'
import { DEFAULT_HERD, parseDatasetRef } from '@runink/store'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { resolveArg } from '../resolve-arg.js'
import { loadContractArg } from './load-contract-arg.js'
import { HOME_OPTION, withBarn } from './open-barn-for.js'
import { pushVersion, type PushedVersion } from '../remote/dataset-transfer.js'
import { LOCAL_OPTION, SERVER_OPTION, serverTarget } from '../remote/server-target.js'
import type { DatasetVersion } from '@runink/store'

const FORMATS: Record<string, string> = {
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.parquet': 'parquet',
}

/** Counts records of a line format: lines, minus the header for CSV. */
async function countRecords(file: string, format: string): Promise<number | undefined> {
  if (format !== 'csv' && format !== 'jsonl') return undefined
  let lines = 0
  let last = 10
  for await (const chunk of createReadStream(file)) {
    const buf = chunk as Buffer
    for (const byte of buf) if (byte === 10) lines++
    if (buf.length) last = buf[buf.length - 1] ?? 10
  }
  if (last !== 10) lines++
  return format === 'csv' ? Math.max(0, lines - 1) : lines
}

/** `runi dataset push <file> <name>`: a local file as the next version of a dataset. */
export function registerDatasetPush(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('push')
    .description('store a local file as the next version of a dataset')
    .argument('<file>', 'file to push')
    .argument('<dataset>', 'dataset name (or dataset://name)')
    .option('--format <format>', 'csv | jsonl | json | parquet (default: from the extension)')
    .option('--records <n>', 'record count (default: counted for csv and jsonl)')
    .option('--contract <file>', 'contract the data follows (its hash is recorded)')
    .option('--herd <name>', 'herd', DEFAULT_HERD)
    .option('--json', 'print the new version as JSON')
    .option(...HOME_OPTION)
    .option(...SERVER_OPTION)
    .option(...LOCAL_OPTION)
    .action(
      action(
        ctx,
        async (
          fileArg: string,
          name: string,
          opts: {
            format?: string
            records?: string
            contract?: string
            herd: string
            json?: boolean
            home?: string
            server?: string | boolean
            local?: boolean
          },
        ) => {
          const file = resolveArg(ctx.io, fileArg)
          await stat(file).catch(() => {
            throw new CliError('RUNINK_CLI_FILE_NOT_FOUND', `no such file: ${fileArg}`, {
              file: fileArg,
            })
          })
          const format = opts.format ?? FORMATS[path.extname(file).toLowerCase()]
          if (!format)
            throw new CliError(
              'RUNINK_CLI_UNSUPPORTED_FORMAT',
              `cannot tell the format of ${fileArg}: pass --format`,
            )
          const recordCount =
            opts.records !== undefined ? Number(opts.records) : await countRecords(file, format)
          if (recordCount === undefined || !Number.isInteger(recordCount) || recordCount < 0) {
            throw new CliError(
              'RUNINK_CLI_USAGE',
              '--records must be a non-negative integer (needed for this format)',
            )
          }
          const contractHash = opts.contract
            ? (await loadContractArg(ctx.io, opts.contract)).hash
            : null
          const what: PushedVersion = {
            name: parseDatasetRef(name).name,
            format,
            recordCount,
            contractHash,
            herd: opts.herd,
          }
          const print = (version: DatasetVersion): number => {
            if (opts.json) printJson(ctx.io, version)
            else println(ctx.io, `${version.ref}  ${version.contentHash}  ${recordCount} records`)
            return ExitCode.ok
          }
          const server = await serverTarget(ctx.io, opts.server, { local: opts.local ?? false })
          if (server) return print(await pushVersion(server, file, what))
          return withBarn(
            ctx.io,
            opts.home,
            async (barn) => print(await barn.datasets.write(createReadStream(file), what)),
            { mustExist: false },
          )
        },
      ),
    )
  withExamples(cmd, 'runi dataset push data/trades.csv raw.trades --contract contracts/trade.yaml')
}
