import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '@runink/server'
import { openBarn, type Barn } from '@runink/store'
import { auditKeyDirOf } from '../commands/audit-key-dir.js'
import { runCliWith, type CliRun } from '../testing/run-cli.js'

/**
 * Each read command run on the Barn here and then against a runi serve on the same Barn (the
 * active profile of runi login): the same exit code and the same bytes on stdout.
 */
describe('read commands against a server print what they print locally', () => {
  let project: string
  let at: { cwd: string; env: Record<string, string> }
  let runId: string
  let barn: Barn | undefined
  let server: RunningServer | undefined
  let secret: string
  let contractHash: string
  const commands: string[][] = []
  const local = new Map<string, CliRun>()
  const open = (): Promise<Barn> =>
    openBarn({ home: project, auditKeyDir: auditKeyDirOf(at.env), actor: 'test' })

  beforeAll(async () => {
    project = await mkdtemp(path.join(tmpdir(), 'runink-read-'))
    at = {
      cwd: project,
      env: {
        XDG_CONFIG_HOME: path.join(project, '.config'),
        XDG_STATE_HOME: path.join(project, '.state'),
        RUNINK_KEEP_BARN: '0',
      },
    }
    const files: Record<string, string> = {
      'c.yaml': 'contract: c\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n',
      'data/in.csv': 'id\n1\n2\n3\n',
      'p.dsl': [
        '@feature(name="reads", herd="finance")',
        '@contract(path="c.yaml")',
        'Feature: reads',
        '',
        'Scenario: Ingest',
        '  @source("csv://data/in.csv")',
        '  @sink("dataset://reads.ids")',
        '  Given the contract: c',
        '',
      ].join('\n'),
    }
    await mkdir(path.join(project, 'data'))
    for (const [file, text] of Object.entries(files))
      await writeFile(path.join(project, file), text)
    const run = await runCliWith(at, 'run', 'p.dsl', '--isolation', 'process', '--json')
    expect(run.stderr).toBe('')
    runId = (JSON.parse(run.stdout) as { runId: string }).runId
    await writeFile(path.join(project, 'data', 'in.csv'), 'id\n1\n2\n3\n4\n')
    expect((await runCliWith(at, 'run', 'p.dsl', '--isolation', 'process')).code).toBe(0)
    // The token first: creating it is audited, and the log must be the same both ways.
    const hashed = await runCliWith(at, 'contract', 'hash', 'c.yaml')
    contractHash = hashed.stdout.trim()
    barn = await open()
    secret = (await barn.tokens.create({ name: 'reader', herd: null, role: 'admin' })).secret
    await barn.close()
    barn = undefined
    commands.push(
      ['runs'],
      ['runs', '--json'],
      ['runs', '--herd', 'finance', '--limit', '1'],
      ['status', runId],
      ['status', runId, '--json'],
      ['status', runId, '--errors'],
      ['dataset', 'list'],
      ['dataset', 'list', '--json'],
      ['dataset', 'list', '--herd', 'finance'],
      ['dataset', 'list', '--herd', 'nowhere'],
      ['runs', '--herd', 'nowhere'],
      ['dataset', 'versions', 'reads.ids'],
      ['dataset', 'versions', 'reads.ids', '--json'],
      ['dataset', 'show', 'reads.ids'],
      ['dataset', 'show', 'dataset://reads.ids@1', '--json'],
      ['dataset', 'show', 'dataset://reads.ids@9'],
      ['lineage', 'dataset://reads.ids'],
      ['lineage', 'dataset://reads.ids', '--format', 'json'],
      ['lineage', runId, '--format', 'dot'],
      ['lineage', runId, '--upstream'],
      ['audit', 'log'],
      ['audit', 'log', '--json', '--limit', '3', '--action', 'run.create'],
      ['audit', 'log', '--since', '1h'],
      ['audit', 'verify'],
      ['audit', 'verify', '--json'],
      ['audit', 'export', '--format', 'ndjson'],
      ['contract', 'list'],
      ['contract', 'list', '--json'],
      ['contract', 'list', '--herd', 'finance'],
      ['contract', 'list', '--herd', 'nowhere'],
      ['contract', 'show', 'c'],
      ['contract', 'show', 'c@1.0.0', '--json'],
      ['contract', 'show', contractHash, '--herd', 'finance'],
      ['contract', 'show', 'c@9.9.9'],
      ['contract', 'show', contractHash, '--herd', 'default'],
    )
    for (const argv of commands) local.set(argv.join(' '), await runCliWith(at, ...argv))
    barn = await open()
    server = await startServer({ barn, port: 0 })
    const login = await runCliWith(at, 'login', server.url, '--token', secret, '--name', 'here')
    expect(login.code).toBe(0)
  })
  afterAll(async () => {
    await server?.close()
    await barn?.close()
    await rm(project, { recursive: true, force: true })
  })

  it('read something locally (the comparison is not of empty outputs)', () => {
    expect(local.get('runs')?.stdout.split('\n')).toHaveLength(4)
    expect(local.get(`status ${runId}`)?.stdout).toContain('datasets written:')
    expect(local.get('lineage dataset://reads.ids')?.stdout).toContain('upstream:')
    expect(local.get('audit verify')?.stdout).toMatch(/^audit chain intact/)
    expect(local.get('dataset show dataset://reads.ids@9')?.code).not.toBe(0)
    // The run registered its contract: shown as the file it came from, under who and when.
    expect(local.get('contract list')?.stdout).toMatch(
      /^CONTRACT +LATEST .*\nc +1\.0\.0 +1 +sha256:/,
    )
    expect(local.get('contract show c')?.stdout).toMatch(
      new RegExp(
        `^# c@1\\.0\\.0 ${contractHash}\n# herd finance, registered \\S+Z by [^\n]+\ncontract: c\nversion: 1\\.0\\.0\nunknown_fields: reject\nfields:\n  id:\n    type: int\n    required: true\n$`,
      ),
    )
    expect(local.get(`contract show ${contractHash} --herd default`)?.code).not.toBe(0)
    expect(local.get('contract show c@9.9.9')?.code).not.toBe(0)
  })

  it('prints the same bytes for each command from the server', async () => {
    const differing: string[] = []
    for (const argv of commands) {
      const remote = await runCliWith(at, ...argv)
      const here = local.get(argv.join(' ')) as CliRun
      if (remote.code !== here.code || remote.stdout !== here.stdout) {
        differing.push(argv.join(' '))
        expect.soft({ argv, code: remote.code, stdout: remote.stdout, e: remote.stderr }).toEqual({
          argv,
          code: here.code,
          stdout: here.stdout,
          e: '',
        })
      }
    }
    expect(differing).toEqual([])
  })

  it('says what is missing on the server as it says it here: a run that is not there', async () => {
    const missing = await runCliWith(at, 'status', '01a00000-0000-7000-8000-000000000000')
    expect(missing.code).toBe(local.get('dataset show dataset://reads.ids@9')?.code)
    expect(missing.stderr).toContain('RUNINK_STORE_NOT_FOUND')
  })

  it('goes to the active profile until --local or runi logout, which read the Barn here again', async () => {
    await server?.close()
    server = undefined
    await barn?.close()
    barn = undefined
    const away = await runCliWith(at, 'runs')
    expect(away.code).not.toBe(0)
    expect(away.stderr).toContain('cannot reach the server at http://127.0.0.1:')
    const here = await runCliWith(at, 'runs', '--local')
    expect(here).toMatchObject({ code: 0, stdout: local.get('runs')?.stdout })
    expect((await runCliWith(at, 'logout')).code).toBe(0)
    expect((await runCliWith(at, 'runs')).stdout).toBe(local.get('runs')?.stdout)
  })
})
