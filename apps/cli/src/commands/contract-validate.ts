import type { Command } from 'commander'
import { ExitCode, isOneOf, ValidationMode } from '@runink/core'
import { compileValidator } from '@runink/contracts'
import {
  defaultModeOf,
  formatOfPath,
  hasInvalidAsRead,
  invalidAsRead,
  readRecords,
} from '@runink/engine'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { colorsFor, printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { loadContractArg } from './load-contract-arg.js'
import { resolveArg } from '../resolve-arg.js'

const SHOWN = 10

interface ReportedError {
  record: number
  path: string
  rule: string
  expected: unknown
  actual: unknown
  message: string
}

/** `runi contract validate <contract> <data>`: checks every record of a file against a contract. */
export function registerContractValidate(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('validate')
    .description('validate a CSV, JSONL or JSON file against a contract')
    .argument('<contract>', 'contract file (YAML or JSON)')
    .argument('<data>', 'data file: .csv, .jsonl/.ndjson or .json')
    .option('--mode <mode>', 'strict | coerce (default: coerce for CSV, strict otherwise)')
    .option('--json', 'print {"records","valid","invalid","errors"} as JSON, with every error')
    .action(
      action(
        ctx,
        async (contractFile: string, dataFile: string, opts: { mode?: string; json?: boolean }) => {
          const { io } = ctx
          if (opts.mode !== undefined && !isOneOf(ValidationMode, opts.mode)) {
            throw new CliError(
              'RUNINK_CLI_USAGE',
              `--mode must be strict or coerce, not "${opts.mode}"`,
            )
          }
          const contract = await loadContractArg(io, contractFile)
          const format = formatOfPath(dataFile)
          if (format === undefined) {
            throw new CliError(
              'RUNINK_CLI_UNSUPPORTED_FORMAT',
              `${dataFile}: use a .csv, .jsonl, .ndjson, .json or .parquet file`,
            )
          }
          const mode = (opts.mode as ValidationMode | undefined) ?? defaultModeOf(format)
          const validator = compileValidator(contract.model, { mode })
          let records = 0
          let invalid = 0
          const errors: ReportedError[] = []
          for await (const batch of readRecords(resolveArg(io, dataFile), format)) {
            const flagged = hasInvalidAsRead(batch)
            for (const record of batch) {
              records++
              // Bad bytes or too deep: invalid as read, with where, whatever the contract says.
              const asRead = flagged ? invalidAsRead(record) : undefined
              const result =
                asRead === undefined
                  ? validator.validate(record)
                  : { valid: false as const, errors: asRead }
              if (result.valid) continue
              invalid++
              if (!opts.json && errors.length >= SHOWN) continue
              for (const e of result.errors) {
                const { path, rule, expected, actual, message } = e
                errors.push({ record: records, path, rule, expected, actual, message })
              }
            }
          }
          if (opts.json) {
            printJson(io, {
              records,
              valid: records - invalid,
              invalid,
              errors: errors.map(({ message: _m, ...rest }) => rest),
            })
          } else {
            const c = colorsFor(io)
            println(io, `${dataFile} against ${contract.ref} (${mode} mode)`)
            const verdict = invalid === 0 ? c.green('all valid') : c.red(`${invalid} invalid`)
            println(io, `  ${records} records: ${records - invalid} valid, ${verdict}`)
            for (const e of errors.slice(0, SHOWN)) {
              println(io, `  record ${e.record}: ${e.message} ${c.dim(`[${e.rule}]`)}`)
            }
            if (invalid > 0) println(io, c.dim(`  (first errors shown; --json lists every error)`))
          }
          return invalid > 0 ? ExitCode.failed : ExitCode.ok
        },
      ),
    )
  withExamples(
    cmd,
    'runi contract validate contracts/trade.yaml data/trades.csv',
    'runi contract validate contracts/trade.yaml data/trades.jsonl --json',
  )
}
