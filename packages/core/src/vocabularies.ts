/** Diagnostic severities. */
export const Severity = { error: 'error', warning: 'warning', info: 'info' } as const
export type Severity = (typeof Severity)[keyof typeof Severity]

/** Validation modes: `strict` takes values as typed, `coerce` converts text (CSV) first. */
export const ValidationMode = { strict: 'strict', coerce: 'coerce' } as const
export type ValidationMode = (typeof ValidationMode)[keyof typeof ValidationMode]

/**
 * How a slice was isolated, recorded as it actually was. `sandbox`: its own namespaces, and its
 * memory, CPU and pids limits enforced by cgroups; `process`: no namespaces, cgroup limits;
 * `-rlimits`: the same without cgroups (or with some of their controllers missing), so only
 * rlimits hold (open files, file size, core dumps): memory, CPU and process counts are not
 * limited; `none`: nothing.
 */
export const Isolation = {
  sandbox: 'sandbox',
  sandboxRlimits: 'sandbox-rlimits',
  process: 'process',
  processRlimits: 'process-rlimits',
  none: 'none',
} as const
export type Isolation = (typeof Isolation)[keyof typeof Isolation]

/** What `--isolation` asks for: the strongest of each kind the host allows. */
export const IsolationRequest = { sandbox: 'sandbox', process: 'process', none: 'none' } as const
export type IsolationRequest = (typeof IsolationRequest)[keyof typeof IsolationRequest]

/** Why a slice ended: the launcher's verdict on its process, sent back to the engine. */
export const SliceExitReason = {
  ok: 'ok',
  failed: 'failed',
  timeout: 'timeout',
  memory: 'memory',
  pids: 'pids',
  /** Wrote more than its disk limit into its staging folder (see the sandbox's DiskWatch). */
  disk: 'disk',
  killed: 'killed',
  cancelled: 'cancelled',
} as const
export type SliceExitReason = (typeof SliceExitReason)[keyof typeof SliceExitReason]

/** The mechanisms a slice can be started with, strongest first. */
export const SandboxBackend = {
  bwrap: 'bwrap',
  unshare: 'unshare',
  process: 'process',
  none: 'none',
} as const
export type SandboxBackend = (typeof SandboxBackend)[keyof typeof SandboxBackend]

/** How a stage of a run ended, in its summary: the terminal RunStatus values a stage can take. */
export const StageOutcome = {
  succeeded: 'succeeded',
  cached: 'cached',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
} as const
export type StageOutcome = (typeof StageOutcome)[keyof typeof StageOutcome]

/** The file formats a source or sink is read or written as. */
export const FileFormat = { csv: 'csv', jsonl: 'jsonl', json: 'json', parquet: 'parquet' } as const
export type FileFormat = (typeof FileFormat)[keyof typeof FileFormat]

/** True when slices isolated so had their own namespaces (PID, mount, network). */
export function namespaced(isolation: Isolation): boolean {
  return isolation === Isolation.sandbox || isolation === Isolation.sandboxRlimits
}

/** True when slices isolated so had their memory, CPU and pids limits enforced by cgroups. */
export function cgroupLimited(isolation: Isolation): boolean {
  return isolation === Isolation.sandbox || isolation === Isolation.process
}

/** The values of a closed vocabulary object, for listing and checking. */
export function vocabulary<T extends Record<string, string>>(v: T): ReadonlyArray<T[keyof T]> {
  return Object.values(v) as Array<T[keyof T]>
}

/** True when `value` is one of the vocabulary's values. */
export function isOneOf<T extends Record<string, string>>(
  v: T,
  value: unknown,
): value is T[keyof T] {
  return typeof value === 'string' && (Object.values(v) as string[]).includes(value)
}

/** Compile-time exhaustiveness check for switches over a closed vocabulary. */
export function assertNever(value: never, what = 'value'): never {
  throw new TypeError(`unexpected ${what}: ${String(value)}`)
}
