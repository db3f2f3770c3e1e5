import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { CliIo } from '../cli-io.js'
import { resolveArg } from '../resolve-arg.js'

/**
 * Streams bytes to stdout (left open), or to `-o file`: written beside it and renamed into place
 * only once the stream has ended without an error, so a failed read leaves no file. True when
 * a file was written.
 */
export async function streamOutput(
  io: CliIo,
  body: Readable,
  output: string | undefined,
): Promise<boolean> {
  if (output === undefined || output === '-') {
    await pipeline(body, io.stdout, { end: false })
    return false
  }
  const target = resolveArg(io, output)
  const tmp = `${target}.${process.pid}.tmp`
  try {
    await pipeline(body, createWriteStream(tmp))
    await rename(tmp, target)
  } finally {
    await rm(tmp, { force: true })
  }
  return true
}
