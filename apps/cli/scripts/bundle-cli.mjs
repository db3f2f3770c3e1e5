// Bundles the built CLI (dist/main.js and the Runink packages and libraries it imports) into
// dist/runi.bundle.js plus chunks for what loads on demand, with a manifest of the files it was
// made from. Loading one file instead of several hundred ES modules takes `runi --version` from
// ~0.4 s to ~0.1 s. Run by `npm run build` after `tsc -b`; bin/runi.js uses the bundle only
// while it is newer than all of its inputs.
import { readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { writeBundleManifest } from '@runink/engine/fresh-bundle'

const dist = fileURLToPath(new URL('../dist/', import.meta.url))
const outfile = path.join(dist, 'runi.bundle.js')

// Modules that find files next to themselves (the supervisor program, the slice host) stay
// separate files, imported from where they were built, so their own location stays true.
const located = [
  ['sandbox', 'dist', 'supervisor-entry.js'],
  ['engine', 'dist', 'run', 'slice-host-path.js'],
].map((parts) => path.sep + path.join(...parts))
const locateSelf = {
  name: 'locate-self',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      const full = path.resolve(args.resolveDir, args.path)
      if (!located.some((f) => full.endsWith(f))) return undefined
      return { path: `./${path.relative(dist, full)}`, external: true }
    })
  },
}

for (const old of readdirSync(dist)) if (old.startsWith('runi.chunk-')) rmSync(path.join(dist, old))
const result = await build({
  entryPoints: { 'runi.bundle': path.join(dist, 'main.js') },
  outdir: dist,
  splitting: true,
  chunkNames: 'runi.chunk-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Found at run time: PGlite loads its WebAssembly and data files next to its own modules;
  // the others are native, large, or loaded only on demand.
  external: [
    '@electric-sql/pglite',
    '@electric-sql/pglite/*',
    '@duckdb/node-api',
    'esbuild',
    'pg',
    '@aws-sdk/*',
    '@smithy/*',
  ],
  // CommonJS packages in the bundle call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __runinkRequire } from 'node:module'; const require = __runinkRequire(import.meta.url);",
  },
  plugins: [locateSelf],
  metafile: true,
  logLevel: 'warning',
})
writeBundleManifest(outfile, Object.keys(result.metafile.inputs))
