import path from 'node:path'
import { loadMaskKey, runPipeline, type RunPipelineOptions, type RunResult } from '@runink/engine'
import { BARN_DIR, type Barn } from '@runink/store'
import { barnPorts } from './barn-ports.js'
import { readHerdGrants } from './read-herd-grants.js'

/** What {@link runOnBarn} takes: the run, without what the Barn and its home supply. */
export type RunOnBarnOptions = Omit<RunPipelineOptions, 'ledger' | 'catalog' | 'maskKey' | 'grants'>

/**
 * Runs a pipeline on this host against a Barn, as `runi run` and `runi serve` do: the Barn as
 * the engine's ports, the herd's grants read from it, and the herd's mask key from the home's
 * `.runink/keys`.
 */
export async function runOnBarn(
  barn: Barn,
  home: string,
  options: RunOnBarnOptions,
): Promise<RunResult> {
  return runPipeline({
    ...barnPorts(barn),
    ...options,
    maskKey: await loadMaskKey(path.join(home, BARN_DIR, 'keys'), options.herd),
    grants: await readHerdGrants(barn, options.herd),
  })
}
