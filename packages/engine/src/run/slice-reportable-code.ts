import {
  ConnectorCodes,
  ContractLoadCodes,
  MaskCodes,
  ProtocolCodes,
  SqlCodes,
  StageCodes,
  ValidateCodes,
} from '@runink/protocol'

/**
 * The codes a slice may give its own failure: those the code inside a slice raises (the step
 * runtime, connectors, `sql`, contracts, the slice host refusing its job).
 */
const REPORTABLE: ReadonlySet<string> = new Set(
  [
    StageCodes,
    ConnectorCodes,
    SqlCodes,
    ContractLoadCodes,
    ValidateCodes,
    MaskCodes,
    ProtocolCodes,
  ].flatMap((table) => Object.keys(table)),
)

/**
 * The code the host records for a failure a slice reported with `claimed`. A slice runs hostile
 * code and writes its own result line: a code it may not raise (a host's, such as
 * `RUNINK_RUN_CANCELLED`, `RUNINK_SLICE_TIMEOUT` or `RUNINK_STAGE_UPSTREAM_FAILED`, or one no
 * table knows) is recorded as `RUNINK_STAGE_STEP_FAILED`, so a step cannot pass its failure off
 * as the host's or the platform's.
 */
export function sliceReportableCode(claimed: string): string {
  return REPORTABLE.has(claimed) ? claimed : StageCodes.RUNINK_STAGE_STEP_FAILED
}
