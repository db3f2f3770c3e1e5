export type { RunLedger, StageRunStats, StageLineageEvent, LineageUse } from './run-ledger.js'
export type {
  DatasetCatalog,
  DatasetVersion,
  CacheKeyParts,
  CacheHit,
  PendingFile,
  StageCommit,
} from './dataset-catalog.js'
