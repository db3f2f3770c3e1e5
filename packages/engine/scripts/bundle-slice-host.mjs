// Bundles the built slice host (dist/stage/slice-host.js and everything it imports) into one
// file, dist/stage/slice-host.bundle.js, with a manifest of the files it was made from. Every
// slice is a fresh process: loading one file instead of a few hundred ES modules cuts a slice
// host's start from ~270 ms to ~90 ms of CPU. Then makes a V8 startup snapshot of the same host
// (dist/stage/slice-host.snapshot.blob) for this Node binary: a slice started from it skips
// loading and evaluating that code, about half the CPU again. Run by `npm run build` after
// `tsc -b`; the runtime uses each only while its manifest says it is fresh.
import { spawnSync } from 'node:child_process'
import { readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { writeBundleManifest } from '@runink/engine/fresh-bundle'

const stageDir = fileURLToPath(new URL('../dist/stage/', import.meta.url))
const outfile = path.join(stageDir, 'slice-host.bundle.js')
for (const old of readdirSync(stageDir))
  if (old.startsWith('slice-host.chunk-')) rmSync(path.join(stageDir, old))
const result = await build({
  entryPoints: { 'slice-host.bundle': path.join(stageDir, 'slice-host.js') },
  outdir: stageDir,
  // Modules imported on demand (DuckDB for `sql`) stay in chunks of their own, loaded only when
  // a slice needs them; the files sit beside the compiled modules, whose paths some code uses.
  splitting: true,
  chunkNames: 'slice-host.chunk-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Loaded only on demand, and native or large: resolved from node_modules when needed.
  external: ['@duckdb/node-api', 'esbuild', '@aws-sdk/*', '@smithy/*'],
  // CommonJS packages in the bundle call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __runinkRequire } from 'node:module'; const require = __runinkRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
})
writeBundleManifest(outfile, Object.keys(result.metafile.inputs))

// The snapshot: a CommonJS bundle of the builder entry, then `node --build-snapshot` on it.
// Only jobs of built-in steps other than `sql`, without Parquet, use it (see sliceHostCommand):
// DuckDB, esbuild, TypeScript step modules and the Parquet libraries load through import(),
// which a snapshot's main function does not have for packages. Leaving them out keeps the
// snapshot small: every page of it is touched by every slice that starts from it.
const blob = path.join(stageDir, 'slice-host.snapshot.blob')
const builder = path.join(stageDir, 'slice-host.snapshot.cjs')
rmSync(blob, { force: true })
rmSync(`${blob}.inputs.json`, { force: true })
const snapshot = await build({
  entryPoints: [path.join(stageDir, 'slice-host-snapshot.js')],
  outfile: builder,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: [
    '@duckdb/node-api',
    'esbuild',
    '@aws-sdk/*',
    '@smithy/*',
    'hyparquet',
    'hyparquet-compressors',
    'hyparquet-writer',
  ],
  // import.meta.url is read only by the TypeScript step loader, never in a snapshot slice.
  logOverride: { 'empty-import-meta': 'silent' },
  metafile: true,
  logLevel: 'warning',
})
const made = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', builder], {
  encoding: 'utf8',
})
if (made.status === 0)
  writeBundleManifest(blob, Object.keys(snapshot.metafile.inputs), {
    extra: { node: process.version, execPath: process.execPath },
  })
else
  // Slices still start from the bundle; say why, but do not fail the build.
  console.warn(
    `slice host snapshot not built (slices start from the bundle): ${made.stderr.trim().split('\n').at(-1)}`,
  )
