import type { Command } from 'commander'
import type { CliContext } from '../cli-context.js'
import { withExamples } from './with-examples.js'
import { registerAuditExport } from './audit-export.js'
import { registerAuditLog } from './audit-log.js'
import { registerAuditVerify } from './audit-verify.js'

/** `runi audit …`: the tamper-evident audit log. */
export function registerAudit(program: Command, ctx: CliContext): void {
  const group = (program.command('audit') as Command).description(
    'verify, read and export the hash-chained audit log',
  )
  withExamples(group, 'runi audit verify')
  registerAuditVerify(group, ctx)
  registerAuditLog(group, ctx)
  registerAuditExport(group, ctx)
}
