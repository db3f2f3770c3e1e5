import type { Command } from 'commander'
import type { CliContext } from '../cli-context.js'
import { withExamples } from './with-examples.js'
import { registerContractDiff } from './contract-diff.js'
import { registerContractExport } from './contract-export.js'
import { registerContractHash } from './contract-hash.js'
import { registerContractImport } from './contract-import.js'
import { registerContractInfer } from './contract-infer.js'
import { registerContractList } from './contract-list.js'
import { registerContractShow } from './contract-show.js'
import { registerContractValidate } from './contract-validate.js'

/** `runi contract …`: work with data contracts. */
export function registerContract(program: Command, ctx: CliContext): void {
  const group = (program.command('contract') as Command).description(
    'validate, hash, diff, infer, export and import data contracts; list and show those the Barn registered',
  )
  withExamples(group, 'runi contract validate contracts/trade.yaml data/trades.csv')
  registerContractValidate(group, ctx)
  registerContractHash(group, ctx)
  registerContractDiff(group, ctx)
  registerContractInfer(group, ctx)
  registerContractExport(group, ctx)
  registerContractImport(group, ctx)
  registerContractList(group, ctx)
  registerContractShow(group, ctx)
}
