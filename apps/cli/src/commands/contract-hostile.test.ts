import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runink-hostile-'))
  await writeFile(
    path.join(dir, 'person.yaml'),
    'contract: person\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n  name: { type: string }\n',
  )
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A "billion laughs" contract: nine levels of nine aliases each. */
function aliasBomb(): string {
  let text = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
  const levels = 'abcdefghi'
  for (let i = 1; i < levels.length; i++)
    text += `${levels[i]}: &${levels[i]} [${Array(9)
      .fill(`*${levels[i - 1]}`)
      .join(',')}]\n`
  return `${text}contract: t\nversion: 1.0.0\nfields: *i\n`
}

describe('runi contract validate on hostile input', () => {
  it('refuses an alias-bomb contract at once with a coded one-line error', async () => {
    await writeFile(path.join(dir, 'bomb.yaml'), aliasBomb())
    await writeFile(path.join(dir, 'one.csv'), 'id\n1\n')
    const r = await runCli(dir, 'contract', 'validate', 'bomb.yaml', 'one.csv')
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/bomb\.yaml:2:8: the document's aliases expand to too many nodes/)
  }, 10_000)

  it('refuses a backreference pattern with file:line:column', async () => {
    await writeFile(
      path.join(dir, 'backref.yaml'),
      'contract: t\nversion: 1.0.0\nfields:\n  s: { type: string, pattern: "(a)\\\\1" }\n',
    )
    const r = await runCli(dir, 'contract', 'validate', 'backref.yaml', 'one.csv')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(
      /backref\.yaml:4:31: fields\.s\.pattern: not an RE2 pattern: invalid escape sequence/,
    )
  })

  it('validates ^(a+)+$ against 5000 a and a ! at once', async () => {
    await writeFile(
      path.join(dir, 'evil.yaml'),
      'contract: t\nversion: 1.0.0\nfields:\n  s: { type: string, pattern: "^(a+)+$" }\n',
    )
    await writeFile(path.join(dir, 'evil.csv'), `s\n${'a'.repeat(5000)}!\n`)
    const r = await runCli(dir, 'contract', 'validate', 'evil.yaml', 'evil.csv', '--json')
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout)).toMatchObject({
      records: 1,
      invalid: 1,
      errors: [{ rule: 'pattern' }],
    })
  }, 10_000)

  it('reports invalid UTF-8 in the data as an invalid record with its byte offset', async () => {
    const data = Buffer.concat([
      Buffer.from('id,name\n1,ann\n2,b'),
      Buffer.from([0xff]),
      Buffer.from('\n'),
    ])
    await writeFile(path.join(dir, 'bytes.csv'), data)
    const r = await runCli(dir, 'contract', 'validate', 'person.yaml', 'bytes.csv')
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('2 records: 1 valid, 1 invalid')
    expect(r.stdout).toContain(
      'record 2: name: invalid UTF-8 at byte offset 17 (record 2) [encoding]',
    )
  })

  it('reports a JSONL record nested 100k deep as an invalid record, not a stack overflow', async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`
    await writeFile(path.join(dir, 'deep.jsonl'), `{"id":1}\n${deep}\n`)
    const r = await runCli(dir, 'contract', 'validate', 'person.yaml', 'deep.jsonl', '--json')
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout)).toMatchObject({
      records: 2,
      invalid: 1,
      errors: [{ record: 2, rule: 'depth', path: '' }],
    })
  }, 10_000)
})
