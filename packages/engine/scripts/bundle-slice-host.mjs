// Bundles the built slice host (dist/stage/slice-host.js and everything it imports) into one
// file, dist/stage/slice-host.bundle.js, with a manifest of the files it was made from. Every
// slice is a fresh process: loading one file instead of a few hundred ES modules cuts a slice
// host's start from ~270 ms to ~90 ms of CPU. Run by `npm run build` after `tsc -b`.
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

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
const cwd = process.cwd()
// Runink's own compiled files only: libraries change through npm install, whose prepare
// step builds again, and checking a few hundred fewer files keeps every start quick.
const inputs = Object.keys(result.metafile.inputs)
  .filter((p) => !p.split(/[\\/]/).includes('node_modules'))
  .map((p) => path.relative(stageDir, path.resolve(cwd, p)))
const builtAt = statSync(outfile).mtimeMs
writeFileSync(`${outfile}.inputs.json`, `${JSON.stringify({ builtAt, inputs })}\n`)
