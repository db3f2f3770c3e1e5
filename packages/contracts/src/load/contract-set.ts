import type { LoadedContract } from '../model/index.js'
import { ContractLoadCodes } from './contract-load-codes.js'
import { ContractLoadError } from './contract-load-error.js'
import { compareSemver } from './semver.js'

/** Loaded contracts by name and version. */
export interface ContractSet {
  /** The contract `name` at `version`, or its highest semantic version when none is given. */
  get(name: string, version?: string): LoadedContract | undefined
  /** Contract names, sorted. */
  names(): string[]
  /** Every contract, by name then ascending version. */
  all(): LoadedContract[]
  /** A contract by `name` (highest version) or `name@1.2.0`. */
  resolveRef(ref: string): LoadedContract | undefined
}

/** A set of contracts; throws {@link ContractLoadError} when two share a `name@version`. */
export function contractSetOf(contracts: readonly LoadedContract[]): ContractSet {
  const byName = new Map<string, LoadedContract[]>()
  for (const c of contracts) {
    const versions = byName.get(c.model.contract) ?? []
    const clash = versions.find((v) => v.model.version === c.model.version)
    if (clash !== undefined) {
      const where = [clash.source.file, c.source.file].filter((f) => f !== undefined).join(' and ')
      throw new ContractLoadError([
        {
          code: ContractLoadCodes.RUNINK_CONTRACT_DUPLICATE,
          message: `${c.ref} is defined twice${where === '' ? '' : ` (${where})`}`,
        },
      ])
    }
    versions.push(c)
    byName.set(c.model.contract, versions)
  }
  for (const versions of byName.values())
    versions.sort((a, b) => compareSemver(a.model.version, b.model.version))

  const get = (name: string, version?: string): LoadedContract | undefined => {
    const versions = byName.get(name)
    if (versions === undefined) return undefined
    return version === undefined
      ? versions.at(-1)
      : versions.find((c) => c.model.version === version)
  }
  const names = (): string[] => [...byName.keys()].sort()
  return {
    get,
    names,
    all: () => names().flatMap((n) => byName.get(n) ?? []),
    resolveRef: (ref) => {
      const at = ref.lastIndexOf('@')
      return at < 0 ? get(ref) : get(ref.slice(0, at), ref.slice(at + 1))
    },
  }
}
