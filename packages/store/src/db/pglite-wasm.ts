import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { PGliteOptions } from '@electric-sql/pglite'

/** A compiled WebAssembly module, as PGlite takes it (Node's types here lack the DOM's). */
type WasmModule = NonNullable<PGliteOptions['pgliteWasmModule']>
const { WebAssembly: wasm } = globalThis as unknown as {
  WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> }
}

/**
 * Where the process keeps its one compile of PGlite's WebAssembly. A registered symbol, so the
 * CLI's launcher can start the compile (same key, a few lines, before the CLI bundle loads)
 * and the store, bundled or not, finds it.
 */
export const PGLITE_WASM_KEY = Symbol.for('runink.pglite.wasm')

type Slot = { [PGLITE_WASM_KEY]?: Promise<WasmModule | undefined> }

/**
 * PGlite's WebAssembly module, compiled once per process: started here unless the launcher
 * started it already. V8 compiles on background threads, so a compile started early overlaps
 * with loading the CLI; PGlite instantiates the module it is given instead of compiling again.
 * Undefined when it could not be compiled here: PGlite then loads its file itself, as before.
 */
export function pgliteWasmModule(): Promise<WasmModule | undefined> {
  const slot = globalThis as Slot
  slot[PGLITE_WASM_KEY] ??= readFile(
    createRequire(import.meta.url).resolve('@electric-sql/pglite/pglite.wasm'),
  )
    .then((bytes) => wasm.compile(bytes))
    .catch(() => undefined)
  return slot[PGLITE_WASM_KEY]
}
