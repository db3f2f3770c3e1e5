import type {
  AuditRecord,
  AuditVerification,
  DatasetSummary,
  DatasetVersion,
  LineageDirection,
  LineageGraph,
  Run,
  RunDetail,
  RunStatus,
  StoredContract,
} from '@runink/store'

/** Where a lineage graph starts: a herd's dataset, or a run. */
export type LineageStart =
  | {
      readonly dataset: { readonly namespace: string; readonly name: string }
      readonly herd: string
    }
  | { readonly runId: string; readonly herd: string }

/** A contract a herd registered, without its document. */
export type ContractEntry = Omit<StoredContract, 'document'>

/** A contract name of a herd: how many documents it has and the highest version's. */
export interface ContractNameEntry {
  readonly herd: string
  readonly name: string
  readonly versions: number
  readonly latest: ContractEntry
}

/**
 * What the read commands (`runs`, `status`, `dataset list|versions|show`, `lineage`, `audit
 * log|verify|export`, `contract list|show`) read, in the Barn's own types: from the Barn here, or from a runi serve's
 * API. The commands print what it gives, so their output is the same either way.
 */
export interface BarnReader {
  /** The herds there are (a server: the herds the token sees), by name. */
  herds(): Promise<string[]>
  /** Runs, newest first. */
  runs(filter: { limit: number; status?: RunStatus; herd?: string }): Promise<Run[]>
  /** One run; RUNINK_STORE_NOT_FOUND when there is none. */
  run(id: string): Promise<Run>
  /** One run with its stages, slices, counts, inputs and outputs. */
  runDetail(id: string): Promise<RunDetail>
  /** Datasets with their latest version: of one herd, or of every herd, by herd then name. */
  datasets(herd?: string): Promise<DatasetSummary[]>
  /** The herds holding a dataset of this name, in name order. */
  herdsOf(name: string): Promise<string[]>
  /** Every version of a dataset of a herd, oldest first (none: empty). */
  versions(name: string, herd: string): Promise<DatasetVersion[]>
  /** `name[@n]` or `dataset://name[@n]` of a herd: that version, or the latest. */
  resolve(ref: string, herd: string): Promise<DatasetVersion>
  /** Audit entries, oldest first. */
  auditEntries(q: {
    limit: number
    since?: Date
    actor?: string
    action?: string
  }): Promise<AuditRecord[]>
  /** The audit chain and its seal, checked end to end. */
  auditVerify(): Promise<AuditVerification>
  /** The whole audit log as NDJSON lines, each ending with a newline. */
  auditExport(): AsyncIterable<string>
  /** Contract names of one herd, or of every herd (by herd then name), with their latest. */
  contracts(herd?: string): Promise<ContractNameEntry[]>
  /** Every document of a herd's contract name, highest version first (none: empty). */
  contractVersions(name: string, herd: string): Promise<ContractEntry[]>
  /** The herd's contract with this hash, with its document; RUNINK_STORE_NOT_FOUND if none. */
  contract(hash: string, herd: string): Promise<StoredContract>
  /** The lineage graph reachable from a start. */
  lineage(start: LineageStart, direction: LineageDirection): Promise<LineageGraph>
}
