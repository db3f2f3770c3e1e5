import type { Command } from 'commander'
import type { CliContext } from '../cli-context.js'
import { registerAudit } from './audit.js'
import { registerDataset } from './dataset.js'
import { registerDoctor } from './doctor.js'
import { registerHerd } from './herd.js'
import { registerLineage } from './lineage.js'
import { registerLogs } from './logs.js'
import { registerRuns } from './runs.js'
import { registerStatus } from './status.js'

/** The commands on the Barn: runs, status, logs, dataset, lineage, audit, doctor, herd. */
export function registerBarnCommands(program: Command, ctx: CliContext): void {
  registerRuns(program, ctx)
  registerStatus(program, ctx)
  registerLogs(program, ctx)
  registerDataset(program, ctx)
  registerLineage(program, ctx)
  registerAudit(program, ctx)
  registerDoctor(program, ctx)
  registerHerd(program, ctx)
}
