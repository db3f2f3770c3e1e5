import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import type { AuditVerification } from '@runink/store'
import { action, type CliContext } from '../cli-context.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { HOME_OPTION } from './open-barn-for.js'
import { LOCAL_OPTION, SERVER_OPTION } from '../remote/server-target.js'
import { withReader, type ReaderOptions } from '../read/with-reader.js'

/** One line saying what the audit verification found. */
export function describeAuditVerification(result: AuditVerification): string {
  if (!result.ok) {
    const where = result.seq === null ? '' : ` at entry ${result.seq}`
    return `audit chain BROKEN${where}: ${result.reason} (${result.count} entries verified before it)`
  }
  const seal = result.seal
    ? `sealed from entry ${result.seal.sealedFrom}, checkpoint at entry ${result.seal.checkpoint}`
    : 'not sealed (no key folder)'
  return `audit chain intact: ${result.count} entries, head ${result.head}; ${seal}`
}

/**
 * `runi audit verify`: recomputes the hash chain and checks the seal (the key and checkpoint
 * kept outside the Barn); exit 1 naming the first broken link, a truncation, or a missing key.
 */
export function registerAuditVerify(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('verify')
    .description('check the audit hash chain and its seal; name the first broken link')
    .option('--json', 'print the result as JSON')
    .option(...HOME_OPTION)
    .option(...SERVER_OPTION)
    .option(...LOCAL_OPTION)
    .action(
      action(ctx, (opts: ReaderOptions & { json?: boolean }) =>
        withReader(ctx.io, opts, async (reader) => {
          const result = await reader.auditVerify()
          if (opts.json) printJson(ctx.io, result)
          else println(ctx.io, describeAuditVerification(result))
          return result.ok ? ExitCode.ok : ExitCode.failed
        }),
      ),
    )
  withExamples(cmd, 'runi audit verify')
}
