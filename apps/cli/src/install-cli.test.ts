import { execFileSync, spawnSync } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const dirs: string[] = []

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix))
  dirs.push(dir)
  return dir
}

describe('npm run install-cli', () => {
  it('puts runi on the PATH, and it runs a pipeline in a project outside the clone', async () => {
    const prefix = await tempDir('runink-prefix-')
    const installed = execFileSync(
      'npm',
      ['run', '--silent', 'install-cli', '--', '--prefix', prefix],
      { cwd: root, encoding: 'utf8' },
    )
    const launcher = path.join(prefix, 'bin', 'runi')
    expect(installed).toContain(`installed runi: ${launcher}`)
    expect(installed).toContain(`${path.join(prefix, 'bin')} is not on your PATH`)

    // A user's project: its own contract, data and feature file, nowhere near this repository.
    const project = await tempDir('runink-own-project-')
    await chmod(project, 0o755) // slices run as another account when root runs them
    await writeFile(
      path.join(project, 'reading.yaml'),
      'contract: reading\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n  value: { type: float, required: true, min: 0 }\n',
    )
    await writeFile(path.join(project, 'readings.csv'), 'id,value\n1,2.5\n2,-1\n3,4\n')
    await writeFile(
      path.join(project, 'readings.dsl'),
      `@feature(name="readings")
@contract(path="reading.yaml")
Feature: readings

Scenario: Load readings
  @source("csv://readings.csv")
  @sink("dataset://readings")
  @sink("jsonl://out/rejected.jsonl" when "!record.valid")
  Given the contract: reading
`,
    )
    const env = {
      ...process.env,
      PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      XDG_STATE_HOME: path.join(project, '.state'),
    }
    const runi = (...argv: string[]): ReturnType<typeof spawnSync> =>
      spawnSync('runi', argv, { cwd: project, env, encoding: 'utf8' })
    const run = runi('run', 'readings.dsl')
    expect(run.status, String(run.stderr)).toBe(0)
    const list = runi('dataset', 'list')
    expect(list.status).toBe(0)
    expect(String(list.stdout)).toMatch(/^readings\s+1\s+1\s+2\s/m)
    const rejected = await readFile(path.join(project, 'out', 'rejected.jsonl'), 'utf8')
    expect(rejected.trim().split('\n')).toHaveLength(1)

    // Run again: the launcher is replaced in place, and anything else is left alone.
    expect(
      execFileSync(
        'node',
        [path.join(root, 'apps/cli/scripts/install-cli.mjs'), '--prefix', prefix],
        { encoding: 'utf8' },
      ),
    ).toContain('installed runi')
    await writeFile(launcher, '#!/bin/sh\necho someone else\n')
    const refused = spawnSync(
      'node',
      [path.join(root, 'apps/cli/scripts/install-cli.mjs'), '--prefix', prefix],
      { encoding: 'utf8' },
    )
    expect(refused.status).toBe(2)
    expect(refused.stderr).toContain(`${launcher} exists and is not a runi launcher from a clone`)
  }, 120_000)
})
