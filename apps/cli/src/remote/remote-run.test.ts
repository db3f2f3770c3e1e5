import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RunExecutor, startServer, type RunningServer } from '@runink/server'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import { runCliWith } from '../testing/run-cli.js'

describe('runi login and runi run --server', () => {
  let t: TestBarn
  let executor: RunExecutor
  let server: RunningServer
  let secret: string
  let project: string
  let at: { cwd: string; env: Record<string, string> }

  beforeAll(async () => {
    t = await (barnFactories[0] as (typeof barnFactories)[number]).open()
    await chmod(t.home, 0o755)
    await t.barn.herds.ensure('finance')
    secret = (await t.barn.tokens.create({ name: 'ci', herd: 'finance', role: 'editor' })).secret
    executor = new RunExecutor({ barn: t.barn, home: t.home, isolation: 'process' })
    server = await startServer({ barn: t.barn, executor, port: 0 })
    project = await mkdtemp(path.join(tmpdir(), 'runink-remote-'))
    await mkdir(path.join(project, 'data'))
    await mkdir(path.join(project, 'out'))
    await writeFile(path.join(project, 'out', 'old.jsonl'), 'not sent\n')
    await writeFile(
      path.join(project, 'c.yaml'),
      'contract: c\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n',
    )
    await writeFile(path.join(project, 'data', 'in.csv'), 'id\n1\n2\n3\n')
    await writeFile(
      path.join(project, 'p.dsl'),
      `@feature(name="remote", herd="finance")
@contract(path="c.yaml")
Feature: remote

Scenario: Ingest
  @source("csv://data/in.csv")
  @sink("dataset://remote.ids")
  Given the contract: c
`,
    )
    at = { cwd: project, env: { XDG_CONFIG_HOME: path.join(project, '.config') } }
  })
  afterAll(async () => {
    await server.close()
    await executor.close()
    await t.cleanup()
    await rm(project, { recursive: true, force: true })
  })

  it('logs in with a checked token kept private, runs the folder on the server, and logs out', async () => {
    const bad = await runCliWith(at, 'login', server.url, '--token', `rk_${'A'.repeat(43)}`)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('RUNINK_AUTH_INVALID')

    const login = await runCliWith(at, 'login', server.url, '--token', secret, '--name', 'local')
    expect(login.code).toBe(0)
    expect(login.stderr).toContain('this token sees herds: finance')
    const file = path.join(project, '.config', 'runink', 'profiles.json')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      active: 'local',
      profiles: { local: { url: server.url, token: secret } },
    })

    const run = await runCliWith(at, 'run', 'p.dsl', '--server')
    expect(run.stderr).toMatch(/run \S+ on http:\/\/127\.0\.0\.1:\d+/)
    expect(run.stdout).toMatch(/ingest: succeeded — 3 in, 3 out, 0 invalid/)
    expect(run.code).toBe(0)
    const versions = await t.barn.datasets.versions('remote.ids', 'finance')
    expect(versions.map((v) => v.recordCount)).toEqual([3])
    // The folder was sent without its outputs.
    const bundles = path.join(t.home, '.runink-server', 'bundles')
    const [sent] = await readdir(bundles)
    expect((await readdir(path.join(bundles, sent as string))).sort()).toEqual([
      'c.yaml',
      'data',
      'p.dsl',
    ])

    // Again: served from the cache, said so rather than as empty counts.
    const again = await runCliWith(at, 'run', 'p.dsl', '--server')
    expect(again.stdout).toContain('ingest: cached\n')

    expect(await runCliWith(at, 'logout')).toMatchObject({ code: 0, stdout: 'logged out\n' })
    const none = await runCliWith(at, 'run', 'p.dsl', '--server')
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('no server to talk to: run runi login <url> first')
  })
})
