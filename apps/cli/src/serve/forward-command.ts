import { connect } from 'node:net'
import { ExitCode } from '@runink/core'
import { BARN_REQUEST, type BarnRequest, type ProtocolError } from '@runink/protocol'
import type { CliIo } from '../cli-io.js'
import { eprintln } from '../output.js'
import { parseBarnReply } from './barn-request.js'

/**
 * Reads the run's reply lines as they come: output is written to `io` at once, the exit code
 * kept. A malformed line (protocol's barnReplySchema) stops the reading.
 */
export class BarnReplyReader {
  private pending = ''
  private printed = false
  private exit: number | undefined
  private malformed: ProtocolError | undefined

  constructor(private readonly io: CliIo) {}

  /** Takes more of the stream; false once a reply line was malformed (stop reading then). */
  push(text: string): boolean {
    if (this.malformed !== undefined) return false
    this.pending += text
    let nl: number
    while ((nl = this.pending.indexOf('\n')) !== -1) {
      const reply = parseBarnReply(this.pending.slice(0, nl))
      this.pending = this.pending.slice(nl + 1)
      if (!reply.ok) {
        this.malformed = reply.error
        return false
      }
      if (reply.value.type === 'barn-exit') this.exit = reply.value.code
      else {
        this.printed = true
        const out = reply.value.fd === 1 ? this.io.stdout : this.io.stderr
        out.write(Buffer.from(reply.value.data, 'base64'))
      }
    }
    return true
  }

  /**
   * The exit code once the connection closed: the run's; 1 with the protocol error's message
   * after a malformed reply, or when the run ended mid-answer; undefined when it answered
   * nothing (it is gone: open the Barn here instead).
   */
  finish(): number | undefined {
    if (this.malformed !== undefined) {
      eprintln(this.io, `error: ${this.malformed.message}`)
      return ExitCode.failed
    }
    if (this.exit !== undefined) return this.exit
    if (!this.printed) return undefined
    eprintln(this.io, 'error: the run answering this command ended before it finished')
    return ExitCode.failed
  }
}

/**
 * Asks the `runi run` that holds the Barn to answer this command (see serveReadOnly), printing
 * its output here as it comes. Resolves to the exit code, or undefined when the run is no longer
 * there to answer (it ended meanwhile: open the Barn here instead).
 */
export function forwardCommand(
  socketPath: string,
  argv: readonly string[],
  io: CliIo,
): Promise<number | undefined> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(io.env)) if (v !== undefined) env[k] = v
  const request: BarnRequest = {
    ...BARN_REQUEST,
    argv: [...argv],
    cwd: io.cwd,
    env,
    tty: { stdout: Boolean(io.stdout.isTTY), stderr: Boolean(io.stderr.isTTY) },
  }
  return new Promise((resolve) => {
    const socket = connect(socketPath)
    const reader = new BarnReplyReader(io)
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`))
    socket.on('data', (text: string) => {
      if (!reader.push(text)) socket.destroy()
    })
    // Refused or gone before answering: the run has ended (or is ending); nothing was shown.
    socket.on('error', () => undefined)
    socket.on('close', () => resolve(reader.finish()))
  })
}
