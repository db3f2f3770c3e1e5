import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { freshBundle, writeBundleManifest } from './fresh-bundle.js'

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the slice host program', () => {
  it('is the one-file bundle while it is as new as every file it was made from', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'runink-host-'))
    const host = path.join(dir, 'slice-host.js')
    const bundle = path.join(dir, 'slice-host.bundle.js')
    for (const f of [host, bundle, path.join(dir, 'run-slice.js')]) writeFileSync(f, '')
    const builtAt = Date.now()
    const manifest = { builtAt, inputs: ['slice-host.js', 'run-slice.js'] }
    writeFileSync(`${bundle}.inputs.json`, JSON.stringify(manifest))
    const at = (file: string, ms: number): void => utimesSync(file, ms / 1000, ms / 1000)
    at(host, builtAt - 1000)
    at(path.join(dir, 'run-slice.js'), builtAt - 1000)
    expect(freshBundle(bundle)).toBe(bundle)
    // A later `tsc -b` rewrote a module the bundle holds: the compiled modules run instead.
    at(path.join(dir, 'run-slice.js'), builtAt + 1000)
    expect(freshBundle(bundle)).toBeUndefined()
    // A V8 snapshot made by another Node version cannot start here.
    at(path.join(dir, 'run-slice.js'), builtAt - 1000)
    writeFileSync(`${bundle}.inputs.json`, JSON.stringify({ ...manifest, node: 'v0.0.1' }))
    expect(freshBundle(bundle)).toBeUndefined()
    const node = { node: process.version, execPath: process.execPath }
    writeFileSync(
      `${bundle}.inputs.json`,
      JSON.stringify({ ...manifest, ...node, execPath: '/x/node' }),
    )
    expect(freshBundle(bundle)).toBeUndefined()
    writeFileSync(`${bundle}.inputs.json`, JSON.stringify({ ...manifest, ...node }))
    expect(freshBundle(bundle)).toBe(bundle)
    rmSync(`${bundle}.inputs.json`)
    expect(freshBundle(bundle)).toBeUndefined()
  })

  it('reads the manifest its writer wrote, leaving libraries out', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'runink-host-'))
    const bundle = path.join(dir, 'out', 'x.bundle.js')
    mkdirSync(path.dirname(bundle))
    writeFileSync(path.join(dir, 'a.js'), '')
    writeFileSync(bundle, '')
    writeBundleManifest(bundle, ['a.js', 'node_modules/lib/index.js'], { cwd: dir })
    const manifest = JSON.parse(readFileSync(`${bundle}.inputs.json`, 'utf8')) as {
      inputs: string[]
    }
    expect(manifest.inputs).toEqual(['../a.js'])
    expect(freshBundle(bundle)).toBe(bundle)
  })
})
