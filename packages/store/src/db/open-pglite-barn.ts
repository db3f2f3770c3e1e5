import { existsSync, rmdirSync } from 'node:fs'
import { join } from 'node:path'
import type { BarnDatabase } from './barn-database.js'
import { adoptBarnTemplate, loadBarnTemplate, restoreBarnTemplate } from './barn-template.js'
import { openPglite } from './open-pglite.js'

/**
 * Opens an embedded Barn's PGlite in dbDir. A new one (no database there yet) is restored from
 * the migrated template kept in templateDir (made there the first time) instead of running
 * initdb and every migration: seconds less for the first command in a folder. Without a
 * templateDir, or when no template can be had, PGlite runs initdb as before.
 */
export async function openPgliteBarn(dbDir: string, templateDir?: string): Promise<BarnDatabase> {
  if (templateDir && !existsSync(join(dbDir, 'PG_VERSION'))) {
    try {
      // An empty folder (an initdb that never started) is replaced; anything else is PGlite's.
      if (existsSync(dbDir)) rmdirSync(dbDir)
      const template = await loadBarnTemplate(templateDir)
      if (template) restoreBarnTemplate(template, dbDir)
    } catch {
      // No template here (a folder left half-made, a cache that cannot be read): initdb below.
    }
  }
  const database = await openPglite(dbDir)
  try {
    await database.withSession((exec) => adoptBarnTemplate(exec, dbDir))
  } catch (error) {
    await database.close().catch(() => undefined)
    throw error
  }
  return database
}
