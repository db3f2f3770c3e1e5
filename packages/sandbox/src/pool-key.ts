import { canonicalJson } from '@runink/core'
import type { LaunchRequest } from './slice-launcher.js'

/** The identity of a launch for pooling; undefined when it cannot be pre-spawned. */
export function poolKey(request: LaunchRequest): string | undefined {
  if (request.stagingDir !== undefined) return undefined
  const { command, env, cwd, readOnly, hidden, network, limits } = request
  return canonicalJson({
    command,
    env: env ?? {},
    cwd: cwd ?? null,
    readOnly: readOnly ?? [],
    hidden: hidden ?? [],
    network: network === true,
    limits: limits ?? {},
  })
}
