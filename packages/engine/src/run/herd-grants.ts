import type { AllowedFolder } from './confined-path.js'

/**
 * What a run's herd grants its stages, as plain data: the driver reads it from wherever grants
 * live (the Barn locally, the control plane for an agent) before the run starts, and the run
 * keeps to it however the grants change meanwhile.
 */
export interface HerdGrants {
  /** Steps granted network egress (`runi herd egress grant`): their slices get the network. */
  readonly egress: readonly string[]
  /** Outside folders file sources (and writable ones, sinks) may use (`runi herd path allow`). */
  readonly folders: readonly AllowedFolder[]
}

/** No grant at all: no network, nothing outside the project folder. */
export const NO_GRANTS: HerdGrants = { egress: [], folders: [] }
