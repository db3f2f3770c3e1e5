import type { SourceFs } from '@runink/core'
import type { LoadedContract } from '../model/index.js'
import type { ContractProblem } from './contract-problem.js'
import { ContractLoadCodes } from './contract-load-codes.js'
import { contractSetOf, type ContractSet } from './contract-set.js'
import { parseContract } from './parse-contract.js'

const CONTRACT_FILE = /\.(ya?ml|json)$/i

/** Every contract file under a folder, recursively, in sorted path order. */
async function contractFilesIn(dir: string, fs: SourceFs): Promise<string[]> {
  const out: string[] = []
  for (const name of [...(await fs.list(dir))].sort()) {
    const path = fs.resolve(dir, name)
    if (await fs.isDirectory(path)) out.push(...(await contractFilesIn(path, fs)))
    else if (CONTRACT_FILE.test(name)) out.push(path)
  }
  return out
}

/**
 * Loads contracts from files and folders (every *.yaml, *.yml and *.json inside, recursively).
 * Problems of every file are collected; a file with problems contributes no contract, and a
 * second definition of a `name@version` is reported as a duplicate and left out.
 */
export async function loadContracts(
  paths: readonly string[],
  fs: SourceFs,
): Promise<{ contracts: ContractSet; problems: ContractProblem[] }> {
  const problems: ContractProblem[] = []
  const files: string[] = []
  for (const path of paths) {
    if (!(await fs.exists(path))) {
      const code = ContractLoadCodes.RUNINK_CONTRACT_NOT_FOUND
      problems.push({ code, message: `no such contract file or folder: ${path}`, file: path })
    } else if (await fs.isDirectory(path)) files.push(...(await contractFilesIn(path, fs)))
    else files.push(path)
  }
  const loaded = new Map<string, LoadedContract>()
  // A file named twice (itself and through its folder) is loaded once.
  for (const file of new Set(files)) {
    const result = parseContract(await fs.readText(file), file)
    problems.push(...result.problems)
    const contract = result.contract
    if (contract === undefined) continue
    const first = loaded.get(contract.ref)
    if (first === undefined) loaded.set(contract.ref, contract)
    else
      problems.push({
        code: ContractLoadCodes.RUNINK_CONTRACT_DUPLICATE,
        message: `${contract.ref} is already defined in ${first.source.file ?? 'another file'}`,
        file,
        path: 'contract',
      })
  }
  return { contracts: contractSetOf([...loaded.values()]), problems }
}
