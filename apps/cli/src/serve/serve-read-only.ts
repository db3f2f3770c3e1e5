import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Socket } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { ExitCode } from '@runink/core'
import { type BarnReply, type BarnRequest } from '@runink/protocol'
import type { CliIo } from '../cli-io.js'
import { MAX_REQUEST_BYTES, parseBarnRequest } from './barn-request.js'
import { FORWARDABLE_COMMANDS, isForwardable } from './forwardable.js'

/** Runs one `runi` command line with the given IO and returns its exit code (the CLI's main). */
export type AnswerCommand = (argv: readonly string[], io: CliIo) => Promise<number>

/** A socket answering read-only commands; close() stops it, letting answers under way end. */
export interface ReadOnlyServer {
  readonly socket: string
  close(): Promise<void>
}

/** Unix socket paths are limited to about 108 bytes; longer ones go to a private temp folder. */
const MAX_SOCKET_PATH = 100
/** How long close() lets commands being answered finish before cutting them off. */
const CLOSE_GRACE_MS = 5_000

/**
 * Serves the read-only commands ({@link FORWARDABLE_COMMANDS}) on a Unix socket in the Barn
 * folder (`.runink/barn.sock`: owner only, inside the owner-only `.runink/`), so that a user can
 * watch a run from another terminal while the run holds the embedded Barn. Each connection is
 * one command: a {@link BarnRequest} line in, its output and exit code back as it runs.
 */
export async function serveReadOnly(
  barnDir: string,
  answer: AnswerCommand,
): Promise<ReadOnlyServer> {
  let privateDir: string | undefined
  let socketPath = path.join(barnDir, 'barn.sock')
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    privateDir = await mkdtemp(path.join(os.tmpdir(), 'runi-barn-'))
    socketPath = path.join(privateDir, 'barn.sock')
  }
  // Whoever holds the Barn's lock owns this path: a socket left here is a killed run's.
  await rm(socketPath, { force: true })
  const sockets = new Set<Socket>()
  const answering = new Set<Promise<void>>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.on('close', () => sockets.delete(socket))
    const done = answerOne(socket, answer).finally(() => answering.delete(done))
    answering.add(done)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(socketPath, () => {
      server.off('error', reject)
      resolve()
    })
  })
  await chmod(socketPath, 0o600)
  let closing: Promise<void> | undefined
  return {
    socket: socketPath,
    close() {
      closing ??= (async () => {
        server.close()
        let timer: NodeJS.Timeout | undefined
        await Promise.race([
          Promise.allSettled([...answering]),
          new Promise((r) => (timer = setTimeout(r, CLOSE_GRACE_MS))),
        ])
        clearTimeout(timer)
        for (const socket of sockets) socket.destroy()
        await rm(privateDir ?? socketPath, { recursive: true, force: true })
      })()
      return closing
    },
  }
}

async function answerOne(socket: Socket, answer: AnswerCommand): Promise<void> {
  const send = (reply: BarnReply): void => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(reply)}\n`)
  }
  await answerRequest(await firstLine(socket), answer, send)
  socket.end()
}

const output = (fd: 1 | 2, data: Buffer | string): BarnReply => ({
  version: 1,
  type: 'barn-output',
  fd,
  data: Buffer.from(data).toString('base64'),
})
const exit = (code: number): BarnReply => ({
  version: 1,
  type: 'barn-exit',
  code,
})

/**
 * Answers one request line (undefined: none came): runs the command if it is a well-formed,
 * read-only one, sending its output and exit code; otherwise sends why not and exit code 2.
 */
export async function answerRequest(
  line: string | undefined,
  answer: AnswerCommand,
  send: (reply: BarnReply) => void,
): Promise<void> {
  const refuse = (message: string): void => {
    send(output(2, `error: ${message}\n`))
    send(exit(ExitCode.usage))
  }
  if (line === undefined) return refuse('no request line')
  const request = parseBarnRequest(line)
  if (!request.ok) return refuse(request.error.message)
  if (!isForwardable(request.value.argv))
    return refuse(
      `a running runi run answers only ${FORWARDABLE_COMMANDS.map((c) => c.join(' ')).join(', ')}`,
    )
  const code = await answer(request.value.argv, servedIo(request.value, send))
  send(exit(code))
}

/** The IO of a command answered for another terminal: its output goes back over the socket. */
function servedIo(request: BarnRequest, send: (reply: BarnReply) => void): CliIo {
  const stream = (fd: 1 | 2, isTTY: boolean): Writable & { isTTY?: boolean } =>
    Object.assign(
      new Writable({
        write(chunk: Buffer | string, _encoding, callback) {
          send(output(fd, chunk))
          callback()
        },
      }),
      { isTTY },
    )
  return {
    stdout: stream(1, request.tty.stdout),
    stderr: stream(2, request.tty.stderr),
    cwd: request.cwd,
    env: request.env,
  }
}

/** The request line (up to the first newline), or undefined when the asker sent none. */
function firstLine(socket: Socket): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const finish = (value: string | undefined): void => {
      socket.off('data', onData)
      socket.off('end', onEnd)
      socket.off('close', onEnd)
      resolve(value)
    }
    const onData = (chunk: Buffer): void => {
      const nl = chunk.indexOf(10)
      chunks.push(nl === -1 ? chunk : chunk.subarray(0, nl))
      size += chunk.length
      if (nl !== -1) finish(Buffer.concat(chunks).toString('utf8'))
      else if (size > MAX_REQUEST_BYTES) finish(undefined)
    }
    const onEnd = (): void => finish(undefined)
    socket.on('data', onData)
    socket.on('end', onEnd)
    socket.on('close', onEnd)
  })
}
