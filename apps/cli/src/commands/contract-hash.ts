import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { action, type CliContext } from '../cli-context.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { loadContractArg } from './load-contract-arg.js'

/** `runi contract hash <contract>`: prints the contract's identity. */
export function registerContractHash(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('hash')
    .description('print the content hash of a contract (sha256 of its canonical model)')
    .argument('<contract>', 'contract file')
    .option('--json', 'print {"ref","hash"} as JSON')
    .action(
      action(ctx, async (file: string, opts: { json?: boolean }) => {
        const contract = await loadContractArg(ctx.io, file)
        if (opts.json) printJson(ctx.io, { ref: contract.ref, hash: contract.hash })
        else println(ctx.io, contract.hash)
        return ExitCode.ok
      }),
    )
  withExamples(cmd, 'runi contract hash contracts/trade.yaml')
}
