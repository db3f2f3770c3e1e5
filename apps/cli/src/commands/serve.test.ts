import { spawn } from 'node:child_process'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { BARN_DIR, lockHolderOf } from '@runink/store'
import { runCliWith } from '../testing/run-cli.js'

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/runi.js')
const dirs: string[] = []
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

describe('runi serve', () => {
  it('serves the API over the folder’s Barn to tokens made with runi token, answers other terminals, and stops cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'runink-serve-'))
    dirs.push(dir)
    await chmod(dir, 0o755)
    const at = { cwd: dir, env: { XDG_STATE_HOME: path.join(dir, '.state') } }
    const made = await runCliWith(at, 'token', 'create', 'boss', '--instance', '--role', 'admin')
    expect(made.code).toBe(0)
    const secret = made.stdout.trim()
    expect(secret).toMatch(/^rk_[\w-]{43}$/)
    expect(made.stderr).toContain('admin in every herd')

    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      cwd: dir,
      env: { ...process.env, ...at.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    const url = await new Promise<string>((resolve, reject) => {
      let err = ''
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString()
        const m = /listening on (http:\/\/\S+) /.exec(err)
        if (m) resolve(m[1] as string)
      })
      child.once('exit', (code) => reject(new Error(`runi serve exited ${code}: ${err}`)))
    })
    try {
      const herds = await fetch(`${url}/api/v1/herds`, {
        headers: { authorization: `Bearer ${secret}` },
      })
      expect(herds.status).toBe(200)
      expect(await herds.json()).toMatchObject({ items: [{ name: 'default' }] })
      expect((await fetch(`${url}/api/v1/herds`)).status).toBe(401)
      // Another terminal's read-only command is answered by the server; a write is refused at once.
      const listed = await runCliWith(at, 'token', 'list')
      expect(listed.code).toBe(1)
      expect(listed.stderr).toContain('serve')
      const runs = await runCliWith(at, 'runs')
      expect(runs.code).toBe(0)
    } finally {
      child.kill('SIGTERM')
    }
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(code).toBe(0)
    expect(await lockHolderOf(path.join(dir, BARN_DIR))).toBeUndefined()
    // One JSON log line per request, with its request id and the token's actor.
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines).toContainEqual(
      expect.objectContaining({
        path: '/api/v1/herds',
        status: 200,
        actor: expect.stringMatching(/^token:boss@/),
      }),
    )
  })
})
