import { execFileSync, spawnSync } from 'node:child_process'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const here = path.dirname(fileURLToPath(import.meta.url))
const BIN = path.resolve(here, '../bin/runi.js')

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** Runs `runi --version` with XDG_CACHE_HOME = `cache`; returns what it printed. */
function version(cache: string, nodeArgs: string[] = []): string {
  return execFileSync(process.execPath, [...nodeArgs, BIN, '--version'], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: cache, NODE_COMPILE_CACHE: '' },
  }).trim()
}

describe('bin/runi.js launcher', () => {
  it("keeps compiled code in the user's own cache folder, made 0700", () => {
    dir = mkdtempSync(path.join(tmpdir(), 'runink-ccache-'))
    expect(version(dir)).toMatch(/^\d+\.\d+\.\d+$/)
    const folder = path.join(dir, 'runink', 'compile-cache')
    expect(readdirSync(folder).length).toBeGreaterThan(0)
    expect(statSync(folder).mode & 0o777).toBe(0o700)
  })

  it('never uses a cache folder others may write: code cached there would run as this user', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'runink-ccache-'))
    const folder = path.join(dir, 'runink', 'compile-cache')
    mkdirSync(folder, { recursive: true })
    chmodSync(folder, 0o777)
    expect(version(dir)).toMatch(/^\d+\.\d+\.\d+$/)
    expect(readdirSync(folder)).toEqual([])
  })

  it('gives V8 --liftoff-only from the start (V8 ignores flags set later), however it is started', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'runink-ccache-'))
    // Every Node process of the command reports its flags as it exits.
    const probe = path.join(dir, 'probe.mjs')
    writeFileSync(
      probe,
      "import { writeSync } from 'node:fs'\nprocess.on('exit', () => writeSync(2, `flags:${JSON.stringify(process.execArgv)}\\n`))\n",
    )
    for (const nodeArgs of [[], ['--liftoff-only']]) {
      const run = spawnSync(process.execPath, [...nodeArgs, BIN, '--version'], {
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: dir, NODE_OPTIONS: `--import=${probe}` },
      })
      expect(run.status).toBe(0)
      const reports = run.stderr.split('\n').filter((l) => l.startsWith('flags:'))
      expect(reports).toHaveLength(1)
      expect(JSON.parse(reports[0]!.slice('flags:'.length))).toContain('--liftoff-only')
    }
  })
})
