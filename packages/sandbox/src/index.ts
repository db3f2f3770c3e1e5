export { SliceExitReason } from './slice-launcher.js'
export type { LaunchRequest, SliceExit, SliceHandle, SliceLauncher } from './slice-launcher.js'
export { DEFAULT_LIMITS, resolveLimits } from './slice-limits.js'
export type { SliceLimits } from './slice-limits.js'
export { SandboxError, SandboxCodes } from './sandbox-error.js'
export { SandboxBackend } from './sandbox-backend.js'
export { createLocalLauncher, LocalLauncher } from './local-launcher.js'
export type { LocalLauncherOptions } from './local-launcher.js'
export { explainExit } from './explain-exit.js'
export type { ExitFacts } from './explain-exit.js'
export { parseCgroupMounts, parseProcCgroup, probeCgroupHost } from './cgroup-host.js'
export type { CgroupHost, CgroupProbe } from './cgroup-host.js'
export { createSupervisor } from './supervisor.js'
export type { Supervisor, SupervisorOptions } from './supervisor.js'
export { measureSliceStart } from './measure-slice-start.js'
export type {
  LatencyStats,
  MeasureSliceStartOptions,
  SliceStartReport,
} from './measure-slice-start.js'
export { boundedLines, type BoundedLines } from './bounded-lines.js'
