import type { DatasetCatalog, RunLedger } from '@runink/engine'
import type { Barn } from '@runink/store'
import { barnDatasetCatalog } from './barn-dataset-catalog.js'
import { barnRunLedger } from './barn-run-ledger.js'

/** A Barn as the engine's two ports, as `runi run` (and the coming server) wire them. */
export function barnPorts(barn: Barn): { ledger: RunLedger; catalog: DatasetCatalog } {
  return { ledger: barnRunLedger(barn), catalog: barnDatasetCatalog(barn) }
}
