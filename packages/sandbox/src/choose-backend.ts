import { bwrapArgv } from './bwrap-argv.js'
import { canRun, SandboxBackend, type HostTools } from './sandbox-backend.js'
import { SandboxError } from './sandbox-error.js'
import type { SandboxLayout } from './sandbox-mounts.js'
import { setprivAs, type SliceUser } from './slice-user.js'
import type { IsolationRequest } from '@runink/core'
import type { SystemView } from './system-view.js'
import { unshareArgv } from './unshare-argv.js'

/**
 * The strongest backend the mode allows and this host permits, found by actually starting an
 * empty sandbox. A sandbox that cannot be had falls back to a plain process and says so in
 * `warnings`; a forced backend that does not work is an error. With `user` (the launcher runs
 * as root) the probe runs as that account, as slices will.
 */
export function chooseBackend(
  mode: IsolationRequest,
  forced: SandboxBackend | undefined,
  tools: HostTools,
  rootDir: string,
  view: SystemView,
  warnings: string[],
  user?: SliceUser,
): SandboxBackend {
  if (mode === 'none') return SandboxBackend.none
  if (mode === 'process') return SandboxBackend.process
  const layout: SandboxLayout = { view, binds: [], cwd: '/', network: false }
  const attempts: string[] = []
  const tryBackend = (backend: SandboxBackend): boolean => {
    const argv = probeArgv(backend, tools, rootDir, layout, user)
    if (argv === undefined) {
      attempts.push(`${backend}: not installed`)
      return false
    }
    const result = canRun(argv)
    if (!result.ok) attempts.push(`${backend}: ${result.detail}`)
    return result.ok
  }
  if (process.platform !== 'linux') attempts.push(`${process.platform} has no Linux namespaces`)
  else if (forced !== undefined) {
    if (tryBackend(forced)) return forced
    throw new SandboxError(
      'RUNINK_SANDBOX_LAUNCH_FAILED',
      `sandbox backend ${forced} does not work here`,
      {
        attempts,
      },
    )
  } else {
    if (tryBackend(SandboxBackend.bwrap)) return SandboxBackend.bwrap
    if (tryBackend(SandboxBackend.unshare)) return SandboxBackend.unshare
  }
  warnings.push(
    `SLICES ARE NOT ISOLATED: cannot create a sandbox on this host (${attempts.join('; ')}); ` +
      'running slices as plain processes with resource limits only (isolation: process). ' +
      'Install bubblewrap or allow unprivileged user namespaces to isolate them.',
  )
  return SandboxBackend.process
}

function probeArgv(
  backend: SandboxBackend,
  tools: HostTools,
  rootDir: string,
  layout: SandboxLayout,
  user: SliceUser | undefined,
): string[] | undefined {
  if (backend === 'bwrap') {
    if (tools.bwrap === undefined) return undefined
    const argv = bwrapArgv(tools.bwrap, layout, ['true'])
    if (user === undefined) return argv
    return tools.setpriv === undefined
      ? undefined
      : [tools.setpriv, ...setprivAs(user), '--', ...argv]
  }
  if (backend === 'unshare')
    return tools.unshare === undefined || tools.setpriv === undefined
      ? undefined
      : unshareArgv(
          { unshare: tools.unshare, setpriv: tools.setpriv },
          rootDir,
          layout,
          ['true'],
          user,
        )
  return []
}
