#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8'

// The embedded Barn (PGlite) is a large WebAssembly module. V8 compiles it quickly with its
// baseline compiler, then recompiles hot functions with its optimizing one on background
// threads: seconds of CPU that a command lasting a few seconds never earns back. Set before
// anything loads it.
setFlagsFromString('--liftoff-only')
const { main } = await import('../dist/main.js')

process.exitCode = await main(process.argv.slice(2))
