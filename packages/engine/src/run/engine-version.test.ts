import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ENGINE_VERSION } from './engine-version.js'

describe('ENGINE_VERSION', () => {
  it("is the engine package's version (bump both together)", () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string }
    expect(ENGINE_VERSION).toBe(pkg.version)
  })
})
