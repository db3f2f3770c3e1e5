import { createHash } from 'node:crypto'
import { createReadStream, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { hmacSha256Hex, RuninkError } from '@runink/core'
import { CacheKeyCodes } from '@runink/protocol'
import type { CacheKeyParts } from '../ports/index.js'
import { commandFiles } from './command-files.js'
import { CACHE_FORMAT, ENGINE_VERSION } from './engine-version.js'
import { paramsRead } from './params-read.js'
import type { ResolvedInput } from './resolve-inputs.js'
import type { RunnableStage } from './runnable-stage.js'
import { masks } from './slice-job-for.js'
import type { StageRunContext } from './stage-run-context.js'

// Defined in @runink/protocol's static code table; re-exported for this package's callers.
export { CacheKeyCodes }

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256')
  try {
    for await (const chunk of createReadStream(file)) h.update(chunk as Uint8Array)
  } catch (error) {
    throw new RuninkError(
      CacheKeyCodes.RUNINK_RUN_CACHE_KEY_UNREADABLE,
      `could not read ${file} for the stage's cache key: ${(error as Error).message}`,
      { cause: error, details: { file } },
    )
  }
  return `sha256:${h.digest('hex')}`
}

let duckdb: string | undefined
/** The DuckDB build `sql` steps run on: its Node package pins the library exactly. */
function duckdbVersion(): string {
  if (duckdb === undefined) {
    const require = createRequire(import.meta.url)
    const pkg = JSON.parse(
      readFileSync(require.resolve('@duckdb/node-api/package.json'), 'utf8'),
    ) as {
      version: string
    }
    duckdb = pkg.version
  }
  return duckdb
}

/** A path for the key: relative to the project when inside it, so a moved project still hits. */
function keyPath(file: string, baseDir: string): string {
  const rel = path.relative(baseDir, file)
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/')
}

/**
 * A stage's cache key parts: its plan node and contracts; its inputs by content hash (so
 * byte-identical upstream outputs hit however they were versioned); the code its steps run by
 * content (each TypeScript step's bundle as the slice loads it, so local imports count; each
 * exec step's scripts and every project file its command line names); the `--param` values it
 * reads (all of them when that cannot be known); and the engine's version, the cache format
 * and the runtimes its output depends on (DuckDB for `sql`, Node's major for TypeScript steps,
 * a fingerprint of the herd's mask key for a stage that masks).
 * Call after the stage's step modules are bundled (`ctx.stepBundles`).
 */
export async function stageCacheKey(
  stage: RunnableStage,
  ctx: StageRunContext,
  inputs: readonly ResolvedInput[],
): Promise<CacheKeyParts> {
  const code: Record<string, string> = {}
  const roots = [ctx.baseDir, ...(ctx.allowedFolders ?? []).map((a) => a.folder)]
  for (const step of stage.steps) {
    if (step.kind === 'module') {
      const bundle = ctx.stepBundles?.get(step.module)
      const k = `module:${keyPath(step.module, ctx.baseDir)}`
      // Without a bundle (a caller that does not bundle), the module's own source.
      code[k] = await sha256File(bundle ?? step.module)
    } else if (step.kind === 'exec') {
      for (const file of commandFiles(step.command, ctx.baseDir, roots))
        code[`exec:${keyPath(file, ctx.baseDir)}`] = await sha256File(file)
    }
  }
  const read = paramsRead(stage)
  const names = read === 'all' ? Object.keys(ctx.params).sort() : read
  const params: Record<string, string | null> = {}
  for (const name of names) params[name] = ctx.params[name] ?? null
  const runtime: Record<string, string> = {
    engine: ENGINE_VERSION,
    cacheFormat: String(CACHE_FORMAT),
  }
  if (stage.steps.some((s) => s.kind === 'builtin' && s.name === 'sql'))
    runtime.duckdb = duckdbVersion()
  // Masked values are keyed by the herd's mask key: another key masks them otherwise. Only a
  // fingerprint made with the key enters the key (the key itself is never shown).
  if (masks(stage)) runtime.maskKey = hmacSha256Hex(ctx.maskKey, 'runink cache key').slice(0, 32)
  if (stage.steps.some((s) => s.kind === 'module'))
    runtime.node = process.versions.node.split('.')[0]!
  return {
    nodeHash: stage.nodeHash,
    code,
    contractHashes: [
      stage.contract.hash,
      ...stage.sources.flatMap((s) => (s.contract ? [s.contract.hash] : [])),
      ...(stage.inputContract ? [stage.inputContract.hash] : []),
    ],
    inputs: Object.fromEntries(
      inputs.map((i) => [i.source.uri, `${i.contentHash} ${i.source.format}`]),
    ),
    params,
    runtime,
  }
}
