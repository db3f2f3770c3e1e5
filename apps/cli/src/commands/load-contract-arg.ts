import { loadContractFile, type LoadedContract } from '@runink/contracts'
import { nodeSourceFs } from '@runink/node'
import { CliError } from '../cli-error.js'
import type { CliIo } from '../cli-io.js'
import { resolveArg } from '../resolve-arg.js'

/** Loads the contract file a command argument names, relative to the working directory. */
export async function loadContractArg(io: CliIo, file: string): Promise<LoadedContract> {
  const full = resolveArg(io, file)
  if (!(await nodeSourceFs.exists(full))) {
    throw new CliError('RUNINK_CLI_FILE_NOT_FOUND', `${file}: no such contract file`, { file })
  }
  return loadContractFile(full, nodeSourceFs)
}
