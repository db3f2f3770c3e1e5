import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import { openPglite } from './open-pglite.js'
import { PGLITE_WASM_KEY, pgliteWasmModule } from './pglite-wasm.js'

const slot = globalThis as { [PGLITE_WASM_KEY]?: Promise<unknown> }

describe('pgliteWasmModule', () => {
  afterEach(() => {
    delete slot[PGLITE_WASM_KEY]
  })

  it('compiles PGlite once per process, and PGlite opens with that module', async () => {
    delete slot[PGLITE_WASM_KEY]
    const first = pgliteWasmModule()
    expect(pgliteWasmModule()).toBe(first)
    expect((await first)?.constructor.name).toBe('Module')
    const database = await openPglite('memory://')
    try {
      expect(await database.withSession((exec) => exec('SELECT 1 AS one'))).toEqual([{ one: 1 }])
    } finally {
      await database.close()
    }
    expect(pgliteWasmModule()).toBe(first)
  })

  it("takes the compile the launcher started under the registered key (bin/runi.js's)", async () => {
    const bytes = readFileSync(
      createRequire(import.meta.url).resolve('@electric-sql/pglite/pglite.wasm'),
    )
    const { WebAssembly: wasm } = globalThis as unknown as {
      WebAssembly: { compile(bytes: Uint8Array): Promise<unknown> }
    }
    const started = wasm.compile(bytes)
    // The launcher's key is spelled out, as bin/runi.js spells it.
    expect(Symbol.for('runink.pglite.wasm')).toBe(PGLITE_WASM_KEY)
    slot[PGLITE_WASM_KEY] = started
    expect(pgliteWasmModule()).toBe(started)
    const database = await openPglite('memory://')
    await database.close()
  })
})
