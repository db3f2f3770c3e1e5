import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { diffContracts } from '@runink/contracts'
import { action, type CliContext } from '../cli-context.js'
import { colorsFor, printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { loadContractArg } from './load-contract-arg.js'

/** `runi contract diff <old> <new>`: lists changes, breaking or compatible, and the bump. */
export function registerContractDiff(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('diff')
    .description('compare two contracts; exit 1 when any change is breaking')
    .argument('<old>', 'the earlier contract file')
    .argument('<new>', 'the later contract file')
    .option('--json', 'print the changes, breaking flag and bump as JSON')
    .action(
      action(ctx, async (oldFile: string, newFile: string, opts: { json?: boolean }) => {
        const { io } = ctx
        const before = await loadContractArg(io, oldFile)
        const after = await loadContractArg(io, newFile)
        const diff = diffContracts(before.model, after.model)
        if (opts.json) {
          printJson(io, { from: before.ref, to: after.ref, ...diff })
        } else {
          const c = colorsFor(io)
          println(io, `${before.ref} → ${after.ref}: ${diff.changes.length} change(s)`)
          for (const ch of diff.changes) {
            const tag = ch.breaking ? c.red('breaking  ') : c.green('compatible')
            println(io, `  ${tag} ${c.bold(ch.path)}: ${ch.message}`)
          }
          println(
            io,
            `bump: ${diff.bump}${diff.versionOk === false ? c.yellow(` (version ${after.model.version} is not a ${diff.bump} bump from ${before.model.version})`) : ''}`,
          )
        }
        return diff.breaking ? ExitCode.failed : ExitCode.ok
      }),
    )
  withExamples(cmd, 'runi contract diff contracts/v1/trade.yaml contracts/v2/trade.yaml')
}
