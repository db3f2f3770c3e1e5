import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir, type TempDir } from '@runink/testing'
import type { CliIo } from '../cli-io.js'
import { main } from '../main.js'
import { forwardCommand } from './forward-command.js'
import { serveReadOnly } from './serve-read-only.js'

let dir: TempDir

beforeAll(async () => {
  dir = await makeTempDir('runink-serve-')
})

afterAll(async () => {
  await dir.remove()
})

/** Asks the socket as another terminal would, collecting what comes back. */
async function ask(
  socket: string,
  ...argv: string[]
): Promise<{ code: number | undefined; stdout: string; stderr: string }> {
  const out = new PassThrough()
  const err = new PassThrough()
  let stdout = ''
  let stderr = ''
  out.on('data', (c: Buffer) => (stdout += c.toString()))
  err.on('data', (c: Buffer) => (stderr += c.toString()))
  const io: CliIo = { stdout: out, stderr: err, cwd: dir.path, env: {} }
  const code = await forwardCommand(socket, argv, io)
  return { code, stdout, stderr }
}

describe('serveReadOnly', () => {
  it('answers read-only commands with their output and exit code, and nothing else', async () => {
    const server = await serveReadOnly(dir.path, main)
    try {
      expect(server.socket).toBe(path.join(dir.path, 'barn.sock'))
      expect((await stat(server.socket)).mode & 0o777).toBe(0o600)
      // Answered by the real CLI: here a folder with no Barn, said over the socket.
      const runs = await ask(server.socket, 'runs', '--home', 'nowhere')
      expect(runs.code).toBe(2)
      expect(runs.stderr).toContain(`no Barn in ${path.join(dir.path, 'nowhere')}`)
      // A command that writes is refused even from a client that asks directly.
      const push = await ask(server.socket, 'dataset', 'push', 'a.csv', 'a')
      expect(push.code).toBe(2)
      expect(push.stderr).toContain('a running runi run answers only runs, status, logs')
      expect((await ask(server.socket, 'runs', '--help')).code).toBe(2)
      // The registry's contracts are read from the Barn; contract files are not the run's to answer.
      const contracts = await ask(server.socket, 'contract', 'list', '--home', 'nowhere')
      expect(contracts.stderr).toContain(`no Barn in ${path.join(dir.path, 'nowhere')}`)
      const hash = await ask(server.socket, 'contract', 'hash', 'c.yaml')
      expect(hash.stderr).toContain('a running runi run answers only')
    } finally {
      await server.close()
    }
    expect(existsSync(server.socket)).toBe(false)
    // Nobody answering: the asker is told so (undefined), and opens the Barn itself.
    expect((await ask(server.socket, 'runs')).code).toBeUndefined()
  })

  it('puts a socket whose path would be too long in a private temporary folder', async () => {
    const deep = path.join(dir.path, 'x'.repeat(120))
    const server = await serveReadOnly(deep, main)
    try {
      expect(server.socket.startsWith(deep)).toBe(false)
      expect((await stat(path.dirname(server.socket))).mode & 0o777).toBe(0o700)
      expect((await ask(server.socket, 'runs', '--home', 'nowhere')).code).toBe(2)
    } finally {
      await server.close()
    }
    expect(existsSync(path.dirname(server.socket))).toBe(false)
  })
})
