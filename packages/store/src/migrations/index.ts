import { init } from './0001-init.js'
import { herdEgress } from './0002-herd-egress.js'
import { herdPaths } from './0003-herd-paths.js'
import { auditSeal } from './0004-audit-seal.js'
import { runInputs } from './0005-run-inputs.js'
import { pendingFileCommits } from './0006-pending-file-commits.js'
import { stageStats } from './0007-stage-stats.js'
import { apiTokens } from './0008-api-tokens.js'
import { identity } from './0009-identity.js'
import { pipelines } from './0010-pipelines.js'
import { customRoles } from './0011-custom-roles.js'
import { contracts } from './0012-contracts.js'

/** One schema step: applied once, in version order, and recorded in `schema_migrations`. */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

/** Every migration this code knows, oldest first. Append only: never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'init', sql: init },
  { version: 2, name: 'herd-egress', sql: herdEgress },
  { version: 3, name: 'herd-paths', sql: herdPaths },
  { version: 4, name: 'audit-seal', sql: auditSeal },
  { version: 5, name: 'run-inputs', sql: runInputs },
  { version: 6, name: 'pending-file-commits', sql: pendingFileCommits },
  { version: 7, name: 'stage-stats', sql: stageStats },
  { version: 8, name: 'api-tokens', sql: apiTokens },
  { version: 9, name: 'identity', sql: identity },
  { version: 10, name: 'pipelines', sql: pipelines },
  { version: 11, name: 'custom-roles', sql: customRoles },
  { version: 12, name: 'contracts', sql: contracts },
]
