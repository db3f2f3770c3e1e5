import { barnDatasetCatalog, barnRunLedger, type Barn } from '@runink/store'
import type { DatasetCatalog, RunLedger } from '../../ports/index.js'

/** A Barn as the engine's two ports, as the CLI wires them. */
export function barnPorts(barn: Barn): { ledger: RunLedger; catalog: DatasetCatalog } {
  return { ledger: barnRunLedger(barn), catalog: barnDatasetCatalog(barn) }
}
