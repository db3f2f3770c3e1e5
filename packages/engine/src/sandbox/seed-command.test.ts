import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { seedCommand } from './seed-command.js'

// What the seed shell does with the line, run for real by /bin/sh.
function throughShell(line: string): { argv: string[]; env: Record<string, string>; cwd: string } {
  const report = `process.stdout.write(JSON.stringify({ argv: process.argv.slice(1), env: process.env, cwd: process.cwd() }))`
  const result = spawnSync('/bin/sh', ['-c', 'IFS= read -r line || exit 9; eval "$line"'], {
    input: `${line.replace('__REPORT__', report)}\n`,
    env: { PATH: '/usr/bin:/bin' },
    encoding: 'utf8',
  })
  expect(result.status).toBe(0)
  return JSON.parse(result.stdout) as { argv: string[]; env: Record<string, string>; cwd: string }
}

describe('seedCommand', () => {
  const dir = mkdtempSync(join(tmpdir(), "runink seed 'dir' "))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('makes the shell exec exactly the argv, environment and directory given', () => {
    const line = seedCommand({
      argv: [process.execPath, '-e', '__REPORT__', '--', "it's", '$HOME', '`id`', '"q"', ' ', ''],
      env: { PATH: '/usr/bin:/bin', A: 'x y', B: "'; rm -rf / #", C: '' },
      cwd: dir,
    })
    expect(line).toBeDefined()
    const seen = throughShell(line ?? '')
    expect(seen.argv).toEqual(["it's", '$HOME', '`id`', '"q"', ' ', ''])
    expect(seen.env).toEqual({ PATH: '/usr/bin:/bin', A: 'x y', B: "'; rm -rf / #", C: '' })
    expect(seen.cwd).toBe(dir)
  })

  it('keeps any printable words intact', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme-ascii' })), (words) => {
        const safe = words.filter((w) => !w.includes('\n'))
        const line = seedCommand({
          argv: [process.execPath, '-e', '__REPORT__', '--', ...safe],
          env: { PATH: '/usr/bin:/bin' },
          cwd: '/',
        })
        expect(throughShell(line ?? '').argv).toEqual(safe)
      }),
      { numRuns: 20 },
    )
  })

  it('declines what cannot travel as one shell line', () => {
    const base = { argv: ['/bin/true'], env: {}, cwd: '/' }
    expect(seedCommand({ ...base, argv: ['/bin/echo', 'a\nb'] })).toBeUndefined()
    expect(seedCommand({ ...base, env: { 'NOT-A-NAME': '1' } })).toBeUndefined()
    expect(seedCommand({ ...base, env: { A: 'x\ny' } })).toBeUndefined()
    expect(seedCommand({ ...base, argv: [] })).toBeUndefined()
  })
})
