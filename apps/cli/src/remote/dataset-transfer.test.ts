import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '@runink/server'
import { BARN_DIR, openBarn, type Barn } from '@runink/store'
import { runCliWith } from '../testing/run-cli.js'

describe('runi dataset push and pull against a server', () => {
  let project: string
  let at: { cwd: string; env: Record<string, string> }
  let barn: Barn
  let server: RunningServer

  beforeAll(async () => {
    project = await mkdtemp(path.join(tmpdir(), 'runink-transfer-'))
    at = { cwd: project, env: { XDG_CONFIG_HOME: path.join(project, '.config') } }
    barn = await openBarn({ home: path.join(project, 'server'), actor: 'test' })
    await barn.herds.ensure('finance')
    const { secret } = await barn.tokens.create({ name: 'ci', herd: 'finance', role: 'editor' })
    server = await startServer({ barn, port: 0 })
    expect((await runCliWith(at, 'login', server.url, '--token', secret)).code).toBe(0)
    await writeFile(path.join(project, 'ids.csv'), 'id\n1\n2\n3\n')
  })
  afterAll(async () => {
    await server.close()
    await barn.close()
    await rm(project, { recursive: true, force: true })
  })

  const push = (...more: string[]) =>
    runCliWith(at, 'dataset', 'push', 'ids.csv', 'raw.ids', '--herd', 'finance', ...more)

  it('pushes a file as the next version there, and pulls its bytes back checked', async () => {
    const pushed = await push()
    expect(pushed.stderr).toBe('')
    const [version] = await barn.datasets.versions('raw.ids', 'finance')
    expect(version).toMatchObject({ recordCount: 3, format: 'csv', version: 1 })
    expect(pushed.stdout).toBe(`dataset://raw.ids@1  ${version?.contentHash}  3 records\n`)
    // The server recorded it as the token's, and nothing was made here.
    const [entry] = await barn.audit.query({ action: 'dataset.publish' })
    expect(entry?.actor).toMatch(/^token:ci@/)
    expect(await readdir(project)).not.toContain(BARN_DIR)

    const json = await push('--json')
    expect(JSON.parse(json.stdout)).toEqual(
      JSON.parse(JSON.stringify((await barn.datasets.versions('raw.ids', 'finance'))[1])),
    )

    const pulled = await runCliWith(at, 'dataset', 'pull', 'dataset://raw.ids@1', '-o', 'back.csv')
    expect(pulled).toMatchObject({ code: 0, stdout: '' })
    expect(pulled.stderr).toBe('dataset://raw.ids@1 → back.csv (9 bytes)\n')
    expect(await readFile(path.join(project, 'back.csv'), 'utf8')).toBe('id\n1\n2\n3\n')
    const out = await runCliWith(at, 'dataset', 'pull', 'raw.ids')
    expect(out.stdout).toBe('id\n1\n2\n3\n')
  })

  it('says so when the version or the dataset is not there, and writes no file', async () => {
    const missing = await runCliWith(at, 'dataset', 'pull', 'dataset://raw.ids@7', '-o', 'x.csv')
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toContain('RUNINK_STORE_NOT_FOUND')
    await expect(readFile(path.join(project, 'x.csv'))).rejects.toThrow()
    const none = await runCliWith(at, 'dataset', 'pull', 'nothing.here')
    expect(none.stderr).toContain('RUNINK_STORE_NOT_FOUND')
  })

  it('leaves no file when the stored object was tampered with on the server', async () => {
    const [version] = await barn.datasets.versions('raw.ids', 'finance')
    const key = version?.objectKey as string
    const object = path.join(project, 'server', BARN_DIR, 'objects', key.slice(0, 2), key.slice(2))
    await writeFile(object, 'id\n1\n2\n9\n') // same size, other bytes
    const pull = await runCliWith(at, 'dataset', 'pull', 'dataset://raw.ids@1', '-o', 'bad.csv')
    expect(pull.code).toBe(1)
    expect(pull.stderr).toMatch(
      /dataset:\/\/raw\.ids@1: the bytes .* hash to .*\[RUNINK_STORE_OBJECT_CORRUPT\]/,
    )
    expect((await readdir(project)).filter((f) => f.startsWith('bad.csv'))).toEqual([])
  })
})
