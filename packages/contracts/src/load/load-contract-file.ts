import type { SourceFs } from '@runink/core'
import type { LoadedContract } from '../model/index.js'
import { ContractLoadCodes } from './contract-load-codes.js'
import { ContractLoadError } from './contract-load-error.js'
import { parseContract } from './parse-contract.js'

/** Loads one contract file; throws {@link ContractLoadError} with every problem it has. */
export async function loadContractFile(path: string, fs: SourceFs): Promise<LoadedContract> {
  if (!(await fs.exists(path)) || (await fs.isDirectory(path))) {
    const code = ContractLoadCodes.RUNINK_CONTRACT_NOT_FOUND
    throw new ContractLoadError([{ code, message: `no such contract file: ${path}`, file: path }])
  }
  const { contract, problems } = parseContract(await fs.readText(path), path)
  if (contract === undefined) throw new ContractLoadError(problems)
  return contract
}
