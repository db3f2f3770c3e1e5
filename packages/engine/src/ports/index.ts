export type { RunLedger } from './run-ledger.js'
export type { DatasetCatalog, CacheHit, StageCommit } from './dataset-catalog.js'
export type {
  StageRunStats,
  StageLineageEvent,
  LineageUse,
  DatasetVersion,
  CacheKeyParts,
  PendingFile,
} from '@runink/protocol'
