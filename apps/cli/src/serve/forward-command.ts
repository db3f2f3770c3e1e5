import { connect } from 'node:net'
import { ExitCode } from '@runink/core'
import type { CliIo } from '../cli-io.js'
import { eprintln } from '../output.js'
import type { BarnReply, BarnRequest } from './barn-request.js'

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
    argv,
    cwd: io.cwd,
    env,
    tty: { stdout: Boolean(io.stdout.isTTY), stderr: Boolean(io.stderr.isTTY) },
  }
  return new Promise((resolve) => {
    const socket = connect(socketPath)
    let pending = ''
    let printed = false
    let exit: number | undefined
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`))
    socket.on('data', (text: string) => {
      pending += text
      let nl: number
      while ((nl = pending.indexOf('\n')) !== -1) {
        let reply: BarnReply
        try {
          reply = JSON.parse(pending.slice(0, nl)) as BarnReply
        } catch {
          socket.destroy()
          return
        }
        pending = pending.slice(nl + 1)
        if ('exit' in reply) exit = reply.exit
        else {
          printed = true
          ;(reply.fd === 1 ? io.stdout : io.stderr).write(Buffer.from(reply.data, 'base64'))
        }
      }
    })
    // Refused or gone before answering: the run has ended (or is ending); nothing was shown.
    socket.on('error', () => undefined)
    socket.on('close', () => {
      if (exit !== undefined) resolve(exit)
      else if (!printed) resolve(undefined)
      else {
        eprintln(io, 'error: the run answering this command ended before it finished')
        resolve(ExitCode.failed)
      }
    })
  })
}
