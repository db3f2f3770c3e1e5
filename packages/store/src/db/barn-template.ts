import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { access, constants, mkdir, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { PGlite } from '@electric-sql/pglite'
import { writeFileAtomic } from '@runink/node'
import { MIGRATIONS, type Migration } from '../migrations/index.js'
import { migrate } from './migrate.js'
import { PGLITE_START_PARAMS, pgliteDatabase } from './open-pglite.js'
import { readTarEntries } from './tar-entries.js'

/**
 * A file in a database folder restored from a template until the Barn has its own identity
 * (see adoptBarnTemplate); a crash before that leaves it, and the next open finishes the job.
 */
export const TEMPLATE_MARKER = 'runink-from-template'

/** The Barn id a template holds: not a UUID, so nothing ever names a key file after it. */
const TEMPLATE_ID = 'barn-template'

/** The installed PGlite's version: a template is only valid for the PGlite that made it. */
function pgliteVersion(): string {
  const wasm = createRequire(import.meta.url).resolve('@electric-sql/pglite/pglite.wasm')
  const manifest = JSON.parse(readFileSync(join(dirname(wasm), '..', 'package.json'), 'utf8')) as {
    version?: string
  }
  return manifest.version ?? 'unknown'
}

/**
 * What a template depends on: the PGlite version and every migration (version, name, SQL). A
 * change to either makes a new key, so a stale template is never used.
 */
export function barnTemplateKey(migrations: readonly Migration[] = MIGRATIONS): string {
  const hash = createHash('sha256')
  hash.update(`pglite ${pgliteVersion()}\n`)
  for (const m of migrations) hash.update(`${m.version}\0${m.name}\0${m.sql}\0`)
  return `pglite-${pgliteVersion()}-schema-${migrations.at(-1)?.version ?? 0}-${hash.digest('hex').slice(0, 16)}`
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/**
 * A gzipped tar of a PGlite data folder with every migration applied and nothing else: made in
 * memory (initdb, migrations, a checkpoint), its Barn id set to a placeholder.
 */
export async function makeBarnTemplate(
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<Uint8Array> {
  const client = await PGlite.create('memory://', { startParams: [...PGLITE_START_PARAMS] })
  try {
    await migrate(pgliteDatabase(client), migrations)
    await client.exec(`DO $$ BEGIN
      IF to_regclass('barn_identity') IS NOT NULL THEN
        ALTER TABLE barn_identity DISABLE TRIGGER USER;
        UPDATE barn_identity SET id = '${TEMPLATE_ID}';
        ALTER TABLE barn_identity ENABLE TRIGGER USER;
      END IF;
    END $$; CHECKPOINT;`)
    const dump = await client.dumpDataDir('gzip')
    return new Uint8Array(await dump.arrayBuffer())
  } finally {
    await client.close()
  }
}

/**
 * The template for these migrations from templateDir (`<key>.tgz`, checked against the sha256
 * in `<key>.sha256`), made and stored there first when it is missing or does not match. Returns
 * undefined when there is none and none can be kept (a folder this process cannot write): the
 * caller runs initdb instead.
 */
export async function loadBarnTemplate(
  templateDir: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<Uint8Array | undefined> {
  const key = barnTemplateKey(migrations)
  const file = join(templateDir, `${key}.tgz`)
  const sumFile = join(templateDir, `${key}.sha256`)
  try {
    const [bytes, sum] = await Promise.all([readFile(file), readFile(sumFile, 'utf8')])
    if (sha256(bytes) === sum.trim()) return bytes
  } catch {
    // None there, or none this process may read: make one below if it can be kept.
  }
  try {
    await mkdir(templateDir, { recursive: true, mode: 0o700 })
    await access(templateDir, constants.W_OK)
  } catch {
    // Nowhere to keep one: making it would only add a dump and a restore to initdb.
    return undefined
  }
  const made = await makeBarnTemplate(migrations)
  try {
    await writeFileAtomic(file, made, { mode: 0o600 })
    await writeFileAtomic(sumFile, `${sha256(made)}\n`, { mode: 0o600 })
  } catch {
    // A cache this process cannot write: use the template made now, keep nothing.
  }
  return made
}

/**
 * Unpacks a template into dbDir, which must not exist: into a sibling folder first, renamed into
 * place when complete, so an interrupted restore never leaves a half database. The marker file
 * stays until adoptBarnTemplate has given the Barn its own identity.
 */
export function restoreBarnTemplate(template: Uint8Array, dbDir: string): void {
  const entries = readTarEntries(gunzipSync(template))
  const partial = `${dbDir}.partial-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    mkdirSync(partial, { mode: 0o700 })
    for (const entry of entries) {
      // A lock file of the process that made the template means nothing here.
      if (entry.path === 'postmaster.pid' || entry.path === '') continue
      const path = join(partial, entry.path)
      if (entry.kind === 'dir') mkdirSync(path, { recursive: true, mode: 0o700 })
      else {
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
        writeSparse(path, entry.data)
      }
    }
    writeFileSync(join(partial, TEMPLATE_MARKER), '', { mode: 0o600 })
    renameSync(partial, dbDir)
  } catch (error) {
    rmSync(partial, { recursive: true, force: true })
    throw error
  }
}

/** PostgreSQL's page size: the unit in which its files are zero or not. */
const PAGE = 8192
const ZERO_PAGE = new Uint8Array(PAGE)

/**
 * Writes data to a new file (0600), leaving its all-zero pages as holes: they read back as
 * zeros. A fresh database's WAL segment is 16 MB, half of it never written; this keeps a new
 * Barn from writing those megabytes on every first command.
 */
function writeSparse(path: string, data: Uint8Array): void {
  const fd = openSync(path, 'wx', 0o600)
  try {
    for (let at = 0; at < data.length; at += PAGE) {
      const page = data.subarray(at, Math.min(at + PAGE, data.length))
      if (page.length === PAGE && Buffer.compare(page, ZERO_PAGE) === 0) continue
      writeSync(fd, page, 0, page.length, at)
    }
    ftruncateSync(fd, data.length)
  } finally {
    closeSync(fd)
  }
}

/**
 * Makes a Barn restored from a template its own, when dbDir still holds the marker: a new Barn
 * id and creation time, and the migrations recorded as applied now (the template's rows say
 * when the template was made). One statement, so one transaction; the marker goes after it.
 * Returns whether there was anything to adopt.
 */
export async function adoptBarnTemplate(
  exec: (script: string) => Promise<unknown>,
  dbDir: string,
): Promise<boolean> {
  const marker = join(dbDir, TEMPLATE_MARKER)
  if (!existsSync(marker)) return false
  await exec(`DO $$ BEGIN
    IF to_regclass('barn_identity') IS NOT NULL THEN
      ALTER TABLE barn_identity DISABLE TRIGGER USER;
      UPDATE barn_identity SET id = gen_random_uuid()::text, created_at = now();
      ALTER TABLE barn_identity ENABLE TRIGGER USER;
    END IF;
    UPDATE schema_migrations SET applied_at = now();
  END $$`)
  await rm(marker, { force: true })
  return true
}
