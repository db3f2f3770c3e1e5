import type { LocalLauncher } from '../local-launcher.js'
import { findHostTools } from '../sandbox-backend.js'
import type { LaunchRequest, SliceExit } from '../slice-launcher.js'

/** Every sandbox backend this host has: the suites run once per backend. */
export const testedBackends = (() => {
  const tools = findHostTools()
  return [
    ...(tools.bwrap === undefined ? [] : (['bwrap'] as const)),
    ...(tools.unshare === undefined ? [] : (['unshare'] as const)),
  ]
})()

/** Launches a slice and waits for its end, with everything it printed. */
export async function runToEnd(launcher: LocalLauncher, request: LaunchRequest) {
  const slice = await launcher.launch(request)
  let stdout = ''
  let stderr = ''
  slice.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  slice.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exit: SliceExit = await slice.wait()
  return { exit, stdout, stderr, slice }
}
