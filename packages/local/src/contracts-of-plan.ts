import type { ContractSet, LoadedContract } from '@runink/contracts'

/** How a plan pins a contract: name, exact version and content hash. */
export interface PinnedContract {
  readonly name: string
  readonly version: string
  readonly hash: string
}

/**
 * The contracts of the compiled set that the plan pins (same name, version and hash), in the
 * plan's order: what a run of the plan, or an upload of its pipeline, registers in the Barn.
 */
export function contractsOfPlan(
  plan: { readonly contracts: readonly PinnedContract[] },
  set: ContractSet | undefined,
): LoadedContract[] {
  return plan.contracts.flatMap((ref) => {
    const contract = set?.get(ref.name, ref.version)
    return contract?.hash === ref.hash ? [contract] : []
  })
}
