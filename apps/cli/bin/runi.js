#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8'
import { freshBundle } from '@runink/engine/fresh-bundle'

// The embedded Barn (PGlite) is a large WebAssembly module. V8 compiles it quickly with its
// baseline compiler, then recompiles hot functions with its optimizing one on background
// threads: seconds of CPU that a command lasting a few seconds never earns back. Set before
// anything loads it.
setFlagsFromString('--liftoff-only')

// The one-file build (npm run build) starts fastest; after a bare `tsc -b` it is older than the
// modules it was made from, and the compiled modules run instead.
const bundle = freshBundle(new URL('../dist/runi.bundle.js', import.meta.url).pathname)
const { main } = await import(bundle ?? '../dist/main.js')

process.exitCode = await main(process.argv.slice(2))
