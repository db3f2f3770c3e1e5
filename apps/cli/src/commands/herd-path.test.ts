import { copyFile, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples')

let root: string
let proj: string
let outside: string

function feature(source: string, sink: string): string {
  return [
    '@feature(name="Paths", herd="sales", version="1.0.0")',
    '@contract(path="contracts/")',
    '',
    'Feature: Paths',
    '  Where files may be.',
    '',
    'Scenario: Load customers',
    `  @source("csv://${source}")`,
    '  @step("mask")',
    '  @sink("dataset://sales.customers")',
    `  @sink("jsonl://${sink}" when "!record.valid")`,
    '  Given the contract: customer',
    '',
  ].join('\n')
}

beforeAll(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'runink-herd-path-')))
  proj = path.join(root, 'proj')
  outside = path.join(root, 'outside')
  await mkdir(path.join(proj, 'contracts'), { recursive: true })
  await mkdir(path.join(proj, 'data'))
  await mkdir(outside)
  await copyFile(
    path.join(examples, 'orders/contracts/customer.yaml'),
    path.join(proj, 'contracts/customer.yaml'),
  )
  await copyFile(
    path.join(examples, 'orders/data/customers.csv'),
    path.join(proj, 'data/customers.csv'),
  )
  await copyFile(path.join(examples, 'orders/data/customers.csv'), path.join(outside, 'shadow.csv'))
  await symlink(outside, path.join(proj, 'link'))
  const cases: Record<string, [string, string]> = {
    ok: ['data/customers.csv', 'out/dlq.jsonl'],
    up: ['data/customers.csv', '../outside/dlq.jsonl'],
    absolute: ['data/customers.csv', `${outside}/dlq.jsonl`],
    linked: ['data/customers.csv', 'link/dlq.jsonl'],
    shadow: [`${outside}/shadow.csv`, 'out/dlq.jsonl'],
    barn: ['.runink/keys/sales.key', 'out/dlq.jsonl'],
  }
  for (const [name, [source, sink]] of Object.entries(cases))
    await writeFile(path.join(proj, `${name}.dsl`), feature(source, sink))
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('runi check confines file paths; runi herd path allows folders', () => {
  it('reports ../, absolute, symlinked and Barn paths with file:line:column and a hint', async () => {
    expect((await runCli(proj, 'check', 'ok.dsl')).code).toBe(0)
    for (const [name, line, what] of [
      ['up', 11, 'this path leads outside'],
      ['absolute', 11, 'an absolute path leads outside'],
      ['linked', 11, 'resolves through a symlink to'],
      ['shadow', 8, 'an absolute path leads outside'],
    ] as const) {
      const r = await runCli(proj, 'check', `${name}.dsl`)
      expect([name, r.code]).toEqual([name, 1])
      expect(r.stdout).toContain(
        `${path.join(proj, `${name}.dsl`)}:${line}:3: error RUNINK_DSL_PATH_OUTSIDE_PROJECT:`,
      )
      expect(r.stdout).toContain(what)
      expect(r.stdout).toContain(`hint: keep files under the feature file's folder`)
    }
    const barn = await runCli(proj, 'check', 'barn.dsl')
    expect(barn.code).toBe(1)
    expect(barn.stdout).toContain(':8:3: error RUNINK_DSL_PATH_IN_BARN:')
  })

  it('accepts an outside folder the herd allows (sinks only with --write), until revoked', async () => {
    let r = await runCli(proj, 'herd', 'path', 'allow', 'sales', '../outside')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`herd sales: pipelines may read files in ${outside}`)
    expect((await runCli(proj, 'check', 'shadow.dsl')).code).toBe(0)
    expect((await runCli(proj, 'check', 'up.dsl')).code).toBe(1)
    r = await runCli(proj, 'herd', 'path', 'allow', 'sales', outside, '--write')
    expect(r.stdout).toContain('may read and write files')
    for (const name of ['up', 'absolute', 'linked', 'shadow'])
      expect([name, (await runCli(proj, 'check', `${name}.dsl`)).code]).toEqual([name, 0])
    expect((await runCli(proj, 'check', 'barn.dsl')).code).toBe(1)
    r = await runCli(proj, 'herd', 'path', 'list', 'sales', '--json')
    expect(JSON.parse(r.stdout)).toMatchObject([{ herd: 'sales', folder: outside, writable: true }])
    r = await runCli(proj, 'herd', 'path', 'revoke', 'sales', 'link')
    expect(r.stdout).toContain(`herd sales: pipelines no longer use files in ${outside}`)
    expect((await runCli(proj, 'check', 'shadow.dsl')).code).toBe(1)
    r = await runCli(proj, 'herd', 'path', 'list', 'sales')
    expect(r.stdout).toContain('herd sales allows no folder outside its projects')
  })

  it('refuses to allow a missing folder, a file, /proc, or a Barn', async () => {
    expect((await runCli(proj, 'herd', 'path', 'allow', 'sales', 'nope')).code).toBe(2)
    expect((await runCli(proj, 'herd', 'path', 'allow', 'sales', 'ok.dsl')).code).toBe(2)
    expect((await runCli(proj, 'herd', 'path', 'allow', 'sales', '/proc/self')).code).toBe(2)
    const r = await runCli(proj, 'herd', 'path', 'allow', 'sales', '.runink')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('inside a Barn')
  })
})
