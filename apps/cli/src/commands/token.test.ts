import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCliWith } from '../testing/run-cli.js'

const dirs: string[] = []
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

describe('runi token', () => {
  it('makes a herd token printed once, lists it without its secret, and revokes it; says what is wrong with bad options', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'runink-token-'))
    dirs.push(dir)
    const at = { cwd: dir, env: { XDG_STATE_HOME: path.join(dir, '.state') } }
    const made = await runCliWith(
      at,
      'token',
      'create',
      'nightly',
      '--herd',
      'default',
      '--role',
      'editor',
      '--json',
    )
    expect(made.code).toBe(0)
    const { token, secret } = JSON.parse(made.stdout) as { token: { id: string }; secret: string }
    expect(secret).toMatch(/^rk_[\w-]{43}$/)
    const listed = await runCliWith(at, 'token', 'list')
    expect(listed.stdout).toContain(token.id)
    expect(listed.stdout).toContain('editor')
    expect(listed.stdout).not.toContain(secret)
    const revoked = await runCliWith(at, 'token', 'revoke', token.id)
    expect(revoked).toMatchObject({ code: 0 })
    expect(revoked.stdout).toMatch(/revoked at \d{4}-/)

    const neither = await runCliWith(at, 'token', 'create', 'x')
    expect(neither.code).toBe(2)
    expect(neither.stderr).toContain('--herd <herd> or --instance')
    const role = await runCliWith(at, 'token', 'create', 'x', '--instance', '--role', 'owner')
    expect(role.stderr).toContain('--role takes viewer, editor, admin, not owner')
    const days = await runCliWith(
      at,
      'token',
      'create',
      'x',
      '--instance',
      '--expires-in-days',
      '0',
    )
    expect(days.stderr).toContain('--expires-in-days takes 1 to 3650, not 0')
    const herd = await runCliWith(at, 'token', 'create', 'x', '--herd', 'finanse')
    expect(herd.code).toBe(2)
    expect(herd.stderr).toContain('no herd "finanse"')
  })
})
