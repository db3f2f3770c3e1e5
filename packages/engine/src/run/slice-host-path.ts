import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { SliceJob } from '../stage/index.js'
import { freshBundle } from './fresh-bundle.js'
import { SLICE_NODE_FLAGS } from './slice-node-flags.js'

/** A file of the engine's build, whether this module runs compiled or from sources (tests). */
function builtFile(name: string): string[] {
  return [
    fileURLToPath(new URL(`../stage/${name}`, import.meta.url)),
    fileURLToPath(new URL(`../../dist/stage/${name}`, import.meta.url)),
  ]
}

/**
 * The built slice host program. Slices run compiled JavaScript: the one-file bundle that
 * `npm run build` makes (fastest to start) unless a later `tsc -b` left it stale, else the
 * compiled modules. Under the test runner, which loads sources, this is the `dist/` build.
 */
export function sliceHostPath(): string {
  const [here, built] = builtFile('slice-host.js') as [string, string]
  for (const host of [here, built])
    if (existsSync(host)) return freshBundle(host.replace(/\.js$/, '.bundle.js')) ?? host
  throw new Error(`slice host not built: run "npm run build" (looked for ${here} and ${built})`)
}

/**
 * The slice host's V8 startup snapshot that `npm run build` made, when it is fresh and was made
 * by this Node version; undefined otherwise (slices then start from {@link sliceHostPath}).
 */
export function sliceHostSnapshot(): string | undefined {
  for (const blob of builtFile('slice-host.snapshot.blob')) {
    const fresh = freshBundle(blob)
    if (fresh !== undefined) return fresh
  }
  return undefined
}

/**
 * What to tell the user when slices cannot start the fast way: the bundle or the snapshot is
 * missing or older than the code (a `tsc -b` after the last `npm run build`), or the snapshot
 * was made by another Node. Slices still run, slower to start; undefined when all is well.
 */
export function sliceHostWarning(
  host: { readonly program: string; readonly snapshot?: string | undefined },
  exists: (file: string) => boolean = existsSync,
): string | undefined {
  const slow: string[] = []
  if (!host.program.endsWith('.bundle.js'))
    slow.push(
      exists(host.program.replace(/\.js$/, '.bundle.js'))
        ? 'the slice host bundle is older than the code'
        : 'the slice host bundle is missing',
    )
  const blob = host.program.replace(/slice-host(\.bundle)?\.js$/, 'slice-host.snapshot.blob')
  if (host.snapshot === undefined && exists(blob))
    slow.push('the slice host snapshot is older than the code or was made by another Node')
  return slow.length === 0
    ? undefined
    : `${slow.join('; ')}: slices start slower until \`npm run build\``
}

/**
 * The command that starts a slice host for `job`: from the snapshot when there is one and the
 * job needs nothing a snapshot cannot load (built-in steps other than `sql`, no Parquet source
 * or sink; DuckDB, esbuild, TypeScript step modules and the Parquet libraries come through
 * import()), else the host program.
 */
export function sliceHostCommand(
  job: SliceJob,
  host: { readonly program: string; readonly snapshot?: string },
): string[] {
  const plain =
    job.steps.every((s) => s.kind === 'builtin' && s.name !== 'sql') &&
    job.sources.every((s) => s.format !== 'parquet') &&
    job.sinks.every((s) => s.format !== 'parquet')
  return host.snapshot !== undefined && plain
    ? [process.execPath, ...SLICE_NODE_FLAGS, '--snapshot-blob', host.snapshot]
    : [process.execPath, ...SLICE_NODE_FLAGS, host.program]
}
