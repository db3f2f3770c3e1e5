import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { BarnReply } from '@runink/protocol'
import type { CliIo } from '../cli-io.js'
import { BarnReplyReader } from './forward-command.js'
import { answerRequest } from './serve-read-only.js'

function memoryIo(): { io: CliIo; stdout: () => string; stderr: () => string } {
  const out = new PassThrough()
  const err = new PassThrough()
  let stdout = ''
  let stderr = ''
  out.on('data', (c: Buffer) => (stdout += c.toString()))
  err.on('data', (c: Buffer) => (stderr += c.toString()))
  return {
    io: { stdout: out, stderr: err, cwd: '/', env: {} },
    stdout: () => stdout,
    stderr: () => stderr,
  }
}

const request = {
  version: 1,
  type: 'barn-request',
  argv: ['runs'],
  cwd: '/tmp',
  env: { HOME: '/home/me' },
  tty: { stdout: false, stderr: true },
}

/** What the server sends for one request line, the command answered by `answer`. */
async function serve(
  line: string | undefined,
): Promise<{ replies: BarnReply[]; asked: string[][] }> {
  const replies: BarnReply[] = []
  const asked: string[][] = []
  await answerRequest(
    line,
    async (argv, io) => {
      asked.push([...argv])
      io.stdout.write('listed\n')
      return 0
    },
    (reply) => replies.push(reply),
  )
  return { replies, asked }
}

const text = (reply: BarnReply | undefined): string =>
  reply?.type === 'barn-output' ? Buffer.from(reply.data, 'base64').toString() : ''

describe('the Barn socket, server side (answerRequest)', () => {
  it('answers a well-formed request: output, then the exit code', async () => {
    const { replies, asked } = await serve(JSON.stringify(request))
    expect(asked).toEqual([['runs']])
    expect(replies).toEqual([
      { version: 1, type: 'barn-output', fd: 1, data: Buffer.from('listed\n').toString('base64') },
      { version: 1, type: 'barn-exit', code: 0 },
    ])
  })

  it.each([
    ['{"version":', 'not JSON'],
    [JSON.stringify({ ...request, version: 2 }), 'version: expected version 1'],
    [JSON.stringify({ ...request, type: 'run' }), 'type: expected type "barn-request"'],
    [JSON.stringify({ ...request, argv: 'runs' }), 'argv: expected an array'],
    [JSON.stringify({ ...request, env: { HOME: 1 } }), 'env.HOME: expected a string'],
    [JSON.stringify({ ...request, tty: undefined }), 'tty: expected an object'],
  ])('refuses %s with exit 2 and the protocol error, running nothing', async (line, problem) => {
    const { replies, asked } = await serve(line)
    expect(asked).toEqual([])
    expect(replies).toHaveLength(2)
    expect(text(replies[0])).toBe(
      `error: barn request (runi → runi run): malformed message: ${problem}\n`,
    )
    expect(replies[0]).toMatchObject({ type: 'barn-output', fd: 2 })
    expect(replies[1]).toEqual({ version: 1, type: 'barn-exit', code: 2 })
  })
})

describe('the Barn socket, client side (BarnReplyReader)', () => {
  const output = (fd: 1 | 2, data: string): string =>
    JSON.stringify({
      version: 1,
      type: 'barn-output',
      fd,
      data: Buffer.from(data).toString('base64'),
    })

  it('writes output as it comes and ends with the exit code', () => {
    const { io, stdout, stderr } = memoryIo()
    const reader = new BarnReplyReader(io)
    const all = `${output(1, 'out\n')}\n${output(2, 'err\n')}\n{"version":1,"type":"barn-exit","code":3}\n`
    expect(reader.push(all.slice(0, 10))).toBe(true)
    expect(reader.push(all.slice(10))).toBe(true)
    expect(reader.finish()).toBe(3)
    expect(stdout()).toBe('out\n')
    expect(stderr()).toBe('err\n')
  })

  it.each([
    ['{"fd":1,"data":"eA=="}', 'type: expected type barn-output or barn-exit'],
    ['{"version":2,"type":"barn-exit","code":0}', 'version: expected version 1'],
    ['{"version":1,"type":"barn-exit"}', 'code: expected a non-negative integer'],
    ['{"version":1,"type":"barn-output","fd":3,"data":""}', 'fd: expected 1 or 2'],
    ['{"version":1,"type":"barn-output","fd":1,"data":"not base64!"}', 'data: expected base64'],
    ['{"version":1,"type":"goodbye"}', 'type: expected type barn-output or barn-exit'],
    ['not json', 'not JSON'],
  ])('refuses %s: exit 1 with the protocol error', (line, problem) => {
    const { io, stdout, stderr } = memoryIo()
    const reader = new BarnReplyReader(io)
    expect(
      reader.push(
        `${output(1, 'partial\n')}\n${line}\n{"version":1,"type":"barn-exit","code":0}\n`,
      ),
    ).toBe(false)
    expect(reader.finish()).toBe(1)
    expect(stdout()).toBe('partial\n')
    expect(stderr()).toBe(`error: barn reply (runi run → runi): malformed message: ${problem}\n`)
  })

  it('says nothing and gives undefined when the run answered nothing (it is gone)', () => {
    const { io, stderr } = memoryIo()
    expect(new BarnReplyReader(io).finish()).toBeUndefined()
    expect(stderr()).toBe('')
  })
})
