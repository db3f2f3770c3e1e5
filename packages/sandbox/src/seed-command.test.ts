import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { seedCommand, type SeedTarget } from './seed-command.js'
import { shellSetsRlimits } from './shell-ulimit.js'

const dir = mkdtempSync(join(tmpdir(), "runink seed 'dir' "))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// What a seed does: read the line, which sources the script, which execs the argv; run for real.
function throughShell(target: SeedTarget): string {
  const script = join(dir, 'seed.sh')
  const seeded = seedCommand(target, script)
  expect(seeded).toBeDefined()
  writeFileSync(script, seeded?.script ?? '')
  const result = spawnSync('/bin/sh', ['-c', 'IFS= read -r line || exit 9; eval "$line"'], {
    input: `${seeded?.line ?? ''}\n`,
    env: { PATH: '/usr/bin:/bin' },
    encoding: 'utf8',
  })
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
  return result.stdout
}

const REPORT =
  'process.stdout.write(JSON.stringify({ argv: process.argv.slice(1), env: process.env, cwd: process.cwd() }))'

describe('seedCommand', () => {
  it('makes the shell exec exactly the argv, environment and directory given', () => {
    const seen = JSON.parse(
      throughShell({
        argv: [
          process.execPath,
          '-e',
          REPORT,
          '--',
          "it's",
          '$HOME',
          '`id`',
          '"q"',
          ' ',
          '',
          'a\nb',
        ],
        env: { PATH: '/usr/bin:/bin', A: 'x y', B: "'; rm -rf / #", C: '' },
        cwd: dir,
      }),
    ) as { argv: string[]; env: object; cwd: string }
    expect(seen.argv).toEqual(["it's", '$HOME', '`id`', '"q"', ' ', '', 'a\nb'])
    expect(seen.env).toEqual({ PATH: '/usr/bin:/bin', A: 'x y', B: "'; rm -rf / #", C: '' })
    expect(seen.cwd).toBe(dir)
  })

  it('keeps any words intact', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme-ascii' })), (words) => {
        const out = throughShell({
          // After `--`, node takes no word as one of its options.
          argv: [process.execPath, '-e', REPORT, '--', ...words],
          env: { PATH: '/usr/bin:/bin' },
          cwd: '/',
        })
        expect((JSON.parse(out) as { argv: string[] }).argv).toEqual(words)
      }),
      { numRuns: 20 },
    )
  })

  it('sets open files, file size and core rlimits with the shell when asked', () => {
    expect(shellSetsRlimits()).toBe(true)
    const limits = throughShell({
      argv: ['/bin/cat', '/proc/self/limits'],
      env: {},
      cwd: '/',
      rlimits: { openFiles: 100, maxFileBytes: 1024 * 1024 },
    })
    expect(limits).toMatch(/^Max open files\s+100\s+100\s/m)
    expect(limits).toMatch(/^Max file size\s+1048576\s+1048576\s/m)
    expect(limits).toMatch(/^Max core file size\s+0\s+0\s/m)
  })

  it('declines an environment that cannot travel in one line', () => {
    const base = { argv: ['/bin/true'], env: {}, cwd: '/' }
    expect(seedCommand({ ...base, env: { 'NOT-A-NAME': '1' } }, '/x.sh')).toBeUndefined()
    expect(seedCommand({ ...base, env: { A: 'x\ny' } }, '/x.sh')).toBeUndefined()
    expect(seedCommand({ ...base, argv: [] }, '/x.sh')).toBeUndefined()
    expect(seedCommand({ ...base, cwd: '/a\nb' }, '/x.sh')).toBeUndefined()
  })
})
