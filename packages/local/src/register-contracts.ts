import type { LoadedContract } from '@runink/contracts'
import type { Barn } from '@runink/store'

/**
 * Registers contracts in the herd's contracts registry (the herd made if it is new, as a run
 * would): each once per herd, those already there untouched.
 */
export async function registerContracts(
  barn: Barn,
  herd: string,
  contracts: readonly LoadedContract[],
  actor?: string,
): Promise<void> {
  if (contracts.length === 0) return
  await barn.herds.ensure(herd, actor)
  for (const contract of contracts) await barn.contracts.register(herd, contract.model, actor)
}
