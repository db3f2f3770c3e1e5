import { spawnSync } from 'node:child_process'
import type { Isolation, SandboxBackend } from '@runink/core'
import { findExecutable } from './system-view.js'

/** The mechanisms a slice can be started with (the vocabulary lives in core). */
export { SandboxBackend } from '@runink/core'

/** The host tools a backend uses (absolute paths), where present. */
export interface HostTools {
  readonly bwrap?: string
  readonly unshare?: string
  readonly setpriv?: string
  readonly prlimit?: string
  /** Loads the seccomp filter for the unshare backend (perl-base is Essential on Debian). */
  readonly perl?: string
}

/** Finds bwrap, unshare, setpriv, prlimit and perl on the PATH plus the usual system directories. */
export function findHostTools(): HostTools {
  const path = `${process.env.PATH ?? ''}:/usr/bin:/bin:/usr/sbin:/sbin`
  const tools: Record<string, string> = {}
  for (const name of ['bwrap', 'unshare', 'setpriv', 'prlimit', 'perl'] as const) {
    const found = findExecutable(name, path)
    if (found !== undefined) tools[name] = found
  }
  return tools
}

/** The isolation a backend gives (process means limits without namespaces). */
export function isolationOf(backend: SandboxBackend): Isolation {
  if (backend === 'bwrap' || backend === 'unshare') return 'sandbox'
  return backend === 'process' ? 'process' : 'none'
}

/** True when `argv` runs `/bin/true` successfully: the namespaces it asks for are permitted. */
export function canRun(argv: readonly string[]): { ok: boolean; detail: string } {
  const [file = '', ...args] = argv
  const result = spawnSync(file, args, { encoding: 'utf8', timeout: 10_000 })
  if (result.error !== undefined) return { ok: false, detail: result.error.message }
  const detail = result.stderr.trim().split('\n')[0] ?? ''
  return { ok: result.status === 0, detail: detail || `exit ${String(result.status)}` }
}
