import { existsSync } from 'node:fs'
import path from 'node:path'
import type { AllowedFolders } from '@runink/dsl'
import { BARN_DIR, openBarn, osActor } from '@runink/store'
import type { CliIo } from '../cli-io.js'
import { auditKeyDirOf } from '../commands/audit-key-dir.js'
import { eprintln } from '../output.js'

/**
 * The outside folders a herd allows (`runi herd path allow`), read from the Barn at `home`
 * (or RUNINK_DATABASE_URL) when the compiler asks, which it does only when a file source or
 * sink leaves the feature file's folder. No Barn yet: no folder is allowed.
 */
export function herdAllowedFolders(io: CliIo, home: string): AllowedFolders {
  return async (herd) => {
    const databaseUrl = io.env.RUNINK_DATABASE_URL
    if (!databaseUrl && !existsSync(path.join(home, BARN_DIR))) return []
    const barn = await openBarn({
      home,
      ...(databaseUrl ? { databaseUrl } : {}),
      actor: osActor(),
      auditKeyDir: auditKeyDirOf(io.env),
      onLockWait: (message) => eprintln(io, message),
    })
    try {
      return (await barn.herds.pathGrants(herd)).map((g) => ({
        folder: g.folder,
        writable: g.writable,
      }))
    } finally {
      await barn.close()
    }
  }
}
