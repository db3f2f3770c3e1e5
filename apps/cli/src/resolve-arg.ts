import path from 'node:path'
import type { CliIo } from './cli-io.js'

/** A path argument resolved against the invocation's working directory. */
export function resolveArg(io: CliIo, file: string): string {
  return path.resolve(io.cwd, file)
}
