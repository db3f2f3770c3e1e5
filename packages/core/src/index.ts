export { RuninkError, isRuninkError } from './runink-error.js'
export type { ErrorDetails, RuninkErrorOptions } from './runink-error.js'
export { ExitCode } from './exit-code.js'
export { canonicalJson } from './canonical-json.js'
export { sha256Hex, hashOf, hmacSha256Hex, createSha256 } from './hash.js'
export type { Sha256Ref } from './hash.js'
export { uuidV7Ids, systemClock, fixedClock, isUuidV7 } from './ids.js'
export type { IdGenerator, Clock } from './ids.js'
export { didYouMean, didYouMeanHint } from './did-you-mean.js'
export {
  Severity,
  ValidationMode,
  Isolation,
  IsolationRequest,
  SliceExitReason,
  SandboxBackend,
  StageOutcome,
  FileFormat,
  namespaced,
  cgroupLimited,
  vocabulary,
  isOneOf,
  assertNever,
} from './vocabularies.js'
export {
  RunStatus,
  RUN_STATUS_NEXT,
  TERMINAL_STATUSES,
  isTerminal,
  canTransition,
  sourcesOf,
} from './run-status.js'
export type { SourceFs } from './source-fs.js'
export { BARN_DIR } from './barn-dir.js'
export { parseDatasetRef, formatDatasetRef, checkDatasetName } from './dataset-ref.js'
export type { DatasetRef } from './dataset-ref.js'
export { PinKind } from './run-pin.js'
export type { RunPin } from './run-pin.js'
export { HerdRole, roleAllows } from './herd-role.js'
