import { writeFileAtomic } from '@runink/node'
import type { CliIo } from '../cli-io.js'
import { resolveArg } from '../resolve-arg.js'

/** Writes text to `-o file` atomically, or to stdout when no file is given. */
export async function writeOutput(io: CliIo, text: string, file?: string): Promise<void> {
  if (file === undefined || file === '-') io.stdout.write(text)
  else await writeFileAtomic(resolveArg(io, file), text)
}
