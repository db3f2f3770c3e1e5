import path from 'node:path'
import type { LoadedContract } from '@runink/contracts'
import { loadMaskKey, runPipeline, type RunPipelineOptions, type RunResult } from '@runink/engine'
import { BARN_DIR, type Barn } from '@runink/store'
import { barnPorts } from './barn-ports.js'
import { readHerdGrants } from './read-herd-grants.js'
import { registerContracts } from './register-contracts.js'

/** What {@link runOnBarn} takes: the run, without what the Barn and its home supply. */
export type RunOnBarnOptions = Omit<
  RunPipelineOptions,
  'ledger' | 'catalog' | 'maskKey' | 'grants'
> & {
  /**
   * The compiled contracts the plan pins (`contractsOfPlan`): registered in the
   * herd's contracts registry before the run starts.
   */
  readonly contracts?: readonly LoadedContract[]
}

/**
 * Runs a pipeline on this host against a Barn, as `runi run` and `runi serve` do: the Barn as
 * the engine's ports, the herd's grants read from it, and the herd's mask key from the home's
 * `.runink/keys`. The contracts it is given are recorded in the Barn's contracts registry first.
 */
export async function runOnBarn(
  barn: Barn,
  home: string,
  options: RunOnBarnOptions,
): Promise<RunResult> {
  const { contracts = [], ...run } = options
  await registerContracts(barn, run.herd, contracts, run.actor)
  return runPipeline({
    ...barnPorts(barn),
    ...run,
    maskKey: await loadMaskKey(path.join(home, BARN_DIR, 'keys'), run.herd),
    grants: await readHerdGrants(barn, run.herd),
  })
}
