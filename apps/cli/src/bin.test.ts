import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { freshBundle } from '@runink/engine/fresh-bundle'

const here = path.dirname(fileURLToPath(import.meta.url))
const BIN = path.resolve(here, '../bin/runi.js')
const BUNDLE = path.resolve(here, '../dist/runi.bundle.js')
const root = path.resolve(here, '../../..')

describe('bin/runi.js', () => {
  it('runs the one-file bundle that the build made, and it works like the modules', () => {
    expect(freshBundle(BUNDLE)).toBe(BUNDLE)
    const pkg = JSON.parse(readFileSync(path.resolve(here, '../package.json'), 'utf8')) as {
      version: string
    }
    expect(execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' }).trim()).toBe(
      pkg.version,
    )
    const checked = execFileSync(
      process.execPath,
      [BIN, 'check', 'examples/orders/orders.dsl', '--strict'],
      { cwd: root, encoding: 'utf8' },
    )
    expect(checked).toMatch(/orders\.dsl: ok, 0 warning\(s\)/)
  })
})
