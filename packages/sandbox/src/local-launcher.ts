import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { namespaced, type Isolation, type IsolationRequest } from '@runink/core'
import { bwrapArgv } from './bwrap-argv.js'
import { probeCgroupHost, type CgroupController, type CgroupHost } from './cgroup-host.js'
import {
  appliedIsolation,
  checkLimitsEnforceable,
  enforcedControllers,
} from './limits-enforcement.js'
import { limitsArgv } from './limits-argv.js'
import { LocalSlice } from './local-slice.js'
import { chooseBackend } from './choose-backend.js'
import { EtcCopy } from './etc-copy.js'
import { createLauncherWorkDir } from './launcher-work-dir.js'
import { CgroupSeeds, type CgroupSeed } from './cgroup-seeds.js'
import type { SandboxBackend, HostTools } from './sandbox-backend.js'
import { findHostTools, isolationOf } from './sandbox-backend.js'
import { SandboxError } from './sandbox-error.js'
import { sliceBinds, type SandboxLayout } from './sandbox-mounts.js'
import { SliceCgroup, sweepStaleCgroups } from './slice-cgroup.js'
import type { LaunchRequest, SliceLauncher } from './slice-launcher.js'
import { resolveLimits, type SliceLimits } from './slice-limits.js'
import { seedCommand, ULIMIT_BLOCK } from './seed-command.js'
import { SECCOMP_FD, withSeccompAndUser, writeSliceSeccomp } from './seccomp-file.js'
import { unshareSeccompPrefix } from './seccomp-perl.js'
import { admitSliceUser } from './slice-access.js'
import { setprivAs, sliceUser, type SliceUser } from './slice-user.js'
import { unshareArgv } from './unshare-argv.js'
import { findExecutable, runtimePrefix, systemView, type SystemView } from './system-view.js'

/** Options of {@link createLocalLauncher}. */
export interface LocalLauncherOptions {
  /** `--isolation sandbox|process|none`; default sandbox. */
  readonly mode?: IsolationRequest
  /** Force one backend (bwrap or unshare) instead of the strongest that works; for tests. */
  readonly backend?: SandboxBackend
  /**
   * Where launches without a staging directory get a fresh one (default: a unique
   * `runink-slice-*` folder in the temp dir, so users never share a parent folder).
   */
  readonly stagingRoot?: string
  /** Use cgroups for memory, CPU and pids (default true where the host allows). */
  readonly cgroups?: boolean
  /** Name of the parent cgroup the per-slice cgroups go under. */
  readonly cgroupName?: string
  /**
   * Shells kept waiting inside fresh slice cgroups, so a slice launched on demand does not wait
   * for the kernel to move it into its cgroup (see CgroupSeeds). Default 2; 0 turns them off.
   */
  readonly seeds?: number
  /**
   * Launch even when a request's explicit memory, CPU or pids limit cannot be enforced here
   * (`--allow-unenforced-limits`); otherwise such a launch fails (RUNINK_SANDBOX_LIMITS_UNENFORCED).
   */
  readonly allowUnenforcedLimits?: boolean
}

const DEFAULT_ENV = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/tmp',
  TMPDIR: '/tmp',
  LANG: 'C.UTF-8',
}

/**
 * Starts slices from this process. Used inside the supervisor; call it directly only where a
 * blocked event loop does not matter (tests, the agent's own supervisor).
 */
export class LocalLauncher implements SliceLauncher {
  readonly isolation: Isolation
  /** The cgroup controllers that enforce slices' limits on this host. */
  readonly enforced: readonly CgroupController[]
  private readonly unenforcedAllowed: boolean
  private readonly unenforcedWhy: string
  readonly warnings: readonly string[]
  readonly backend: SandboxBackend
  private readonly tools: HostTools
  private readonly view: SystemView
  private readonly cgroupHost: CgroupHost | undefined
  private readonly stagingRoot: string | undefined
  private readonly rootDir: string
  private readonly live = new Set<LocalSlice>()
  private readonly seeds: CgroupSeeds | undefined
  private readonly etc: EtcCopy | undefined
  /** This launcher's private folder: its /etc copy and its seeds' scripts. */
  private readonly workDir: string | undefined
  /** The unprivileged account sandboxed slices run as when this process is root. */
  private readonly user: SliceUser | undefined
  /** The seccomp program bwrap loads into every slice. */
  private readonly seccomp: string | undefined
  /** What loads it before a slice's command with the unshare backend (see seccomp-perl). */
  private readonly seccompPrefix: readonly string[]
  private readonly reachable = new Set<string>()
  private seq = 0

  constructor(options: LocalLauncherOptions = {}) {
    const mode = options.mode ?? 'sandbox'
    this.tools = findHostTools()
    this.view = systemView()
    this.rootDir = join(tmpdir(), 'runink-sandbox-root')
    mkdirSync(this.rootDir, { recursive: true })
    const warnings: string[] = []
    this.user = mode === 'sandbox' && process.platform === 'linux' ? sliceUser() : undefined
    this.backend = chooseBackend(
      mode,
      options.backend,
      this.tools,
      this.rootDir,
      this.view,
      warnings,
      this.user,
    )
    const probe =
      this.backend === 'none' || options.cgroups === false
        ? undefined
        : probeCgroupHost(options.cgroupName ?? 'runink')
    if (probe?.warning !== undefined) warnings.push(probe.warning)
    this.cgroupHost = probe?.host
    if (this.cgroupHost !== undefined) sweepStaleCgroups(this.cgroupHost)
    const limited = this.cgroupHost !== undefined || this.tools.prlimit !== undefined
    this.enforced = enforcedControllers(this.cgroupHost)
    this.isolation = appliedIsolation(
      this.backend === 'process' && !limited ? 'none' : isolationOf(this.backend),
      this.enforced,
    )
    // --isolation none asks for no limits: nothing to refuse there.
    this.unenforcedAllowed = options.allowUnenforcedLimits === true || this.backend === 'none'
    this.unenforcedWhy =
      options.cgroups === false
        ? 'cgroups are turned off'
        : (probe?.warning ?? 'no cgroup controller for them')
    this.stagingRoot = options.stagingRoot
    this.warnings = warnings
    const seeds = this.cgroupHost === undefined ? 0 : (options.seeds ?? 2)
    this.workDir =
      this.backend === 'bwrap' || seeds > 0
        ? createLauncherWorkDir(undefined, this.backend === 'bwrap' && this.user !== undefined)
        : undefined
    this.seccomp =
      this.backend === 'bwrap' && this.workDir !== undefined
        ? writeSliceSeccomp(this.workDir, warnings)
        : undefined
    this.seccompPrefix =
      this.backend === 'unshare' ? (unshareSeccompPrefix(this.tools.perl, warnings) ?? []) : []
    this.etc =
      this.backend === 'bwrap' && this.workDir !== undefined
        ? new EtcCopy(this.view.etc, join(this.workDir, 'etc'))
        : undefined
    this.seeds =
      this.cgroupHost === undefined || seeds <= 0 || this.workDir === undefined
        ? undefined
        : new CgroupSeeds(
            this.cgroupHost,
            seeds,
            () => this.nextId(),
            DEFAULT_ENV,
            join(this.workDir, 'seeds'),
          )
  }

  /** Starts a slice now, its clock running. */
  launch(request: LaunchRequest): Promise<LocalSlice> {
    try {
      const slice = this.start(request, false)
      slice.activate(request.input, request.initialMessage)
      return Promise.resolve(slice)
    } catch (error) {
      return Promise.reject(error as Error)
    }
  }

  /** Starts a slice process; a pre-spawned one stays dormant until activated. */
  start(request: LaunchRequest, prespawned: boolean): LocalSlice {
    checkRequest(request)
    checkLimitsEnforceable(
      request.limits,
      this.enforced,
      this.unenforcedWhy,
      this.unenforcedAllowed,
    )
    const limits = resolveLimits(request.limits)
    const stagingDir = request.stagingDir ?? this.freshStaging()
    const cwd = request.cwd ?? stagingDir
    const command = this.sandboxed(request, stagingDir, cwd)
    const prlimit =
      this.backend === 'none' || this.tools.prlimit === undefined
        ? {}
        : { prlimit: this.tools.prlimit }
    const env = { ...DEFAULT_ENV, ...request.env }
    const hostCwd = namespaced(this.isolation) ? '/' : cwd
    const { seed, line, script } = this.seeded(command, limits, env, hostCwd, prlimit)
    const id = seed?.id ?? this.nextId()
    const cgroup =
      seed?.cgroup ??
      (this.cgroupHost === undefined ? undefined : SliceCgroup.create(this.cgroupHost, id))
    cgroup?.limit(limits)
    const argv =
      seed === undefined
        ? limitsArgv(command, limits, { procsFiles: cgroup?.procsFiles ?? [], ...prlimit })
        : []
    const slice = new LocalSlice({
      id,
      argv,
      env,
      hostCwd,
      isolation: this.isolation,
      warnings: this.warnings,
      stagingDir,
      limits,
      ...(cgroup === undefined ? {} : { cgroup }),
      prespawned,
      ...(seed === undefined || line === undefined ? {} : { seed: { child: seed.child, line } }),
    })
    this.live.add(slice)
    void slice.wait().then(() => {
      this.live.delete(slice)
      if (script !== undefined) rmSync(script, { force: true })
    })
    return slice
  }

  /**
   * A seed made ready to become this slice: its script written, and the line that makes it
   * source it. The seed's shell sets the rlimits itself where it can (whole 512-byte blocks of
   * file size), else the command runs under `prlimit` as usual. None when no seed is left or
   * the environment cannot travel in a line.
   */
  private seeded(
    command: readonly string[],
    limits: SliceLimits,
    env: Readonly<Record<string, string>>,
    cwd: string,
    prlimit: { prlimit?: string },
  ): { seed?: CgroupSeed; line?: string; script?: string } {
    const seed = this.seeds?.take()
    if (seed === undefined || this.seeds === undefined) return {}
    const byShell =
      this.backend !== 'none' && this.seeds.shellRlimits && limits.maxFileBytes % ULIMIT_BLOCK === 0
    const script = this.seeds.scriptPath(seed)
    const seeded = seedCommand(
      {
        // In a seed, the rlimited command replaces the shell that already joined the cgroup.
        argv: byShell ? command : limitsArgv(command, limits, { procsFiles: [], ...prlimit }),
        env,
        cwd,
        ...(byShell ? { rlimits: limits } : {}),
      },
      script,
    )
    if (seeded === undefined) {
      this.seeds.giveBack(seed)
      return {}
    }
    writeFileSync(script, seeded.script, { mode: 0o600 })
    return { seed, line: seeded.line, script }
  }

  /** Kills every running slice and every waiting seed. */
  async close(): Promise<void> {
    const slices = [...this.live]
    for (const slice of slices) slice.kill('killed')
    await Promise.all([...slices.map((s) => s.wait()), this.seeds?.close()])
    if (this.workDir !== undefined) rmSync(this.workDir, { recursive: true, force: true })
  }

  private nextId(): string {
    return `s${process.pid}-${++this.seq}`
  }

  private sandboxed(request: LaunchRequest, stagingDir: string, cwd: string): string[] {
    const command = [...request.command]
    if (this.backend === 'none') return command
    if (this.backend === 'process') return this.plain(request, stagingDir, command)
    const runtime = runtimePrefix(
      findExecutable(command[0] ?? '', DEFAULT_ENV.PATH) ?? '',
      this.view,
    )
    const readOnly = [...(request.readOnly ?? []), ...(runtime === undefined ? [] : [runtime])]
    const user = this.user
    if (user !== undefined)
      admitSliceUser(user, stagingDir, readOnly, this.tools.setpriv, this.reachable)
    this.etc?.refresh()
    const layout: SandboxLayout = {
      view: this.view,
      binds: sliceBinds(readOnly, stagingDir, this.view, request.hidden ?? []),
      cwd,
      network: request.network === true,
      ...(this.etc === undefined ? {} : { etc: { path: this.etc.path, dirs: this.etc.dirs } }),
      ...(this.seccomp === undefined ? {} : { seccompFd: SECCOMP_FD }),
    }
    const { bwrap, unshare, setpriv } = this.tools
    if (this.backend === 'bwrap' && bwrap !== undefined) {
      if (user !== undefined && setpriv === undefined)
        throw new SandboxError('RUNINK_SANDBOX_LAUNCH_FAILED', 'setpriv is required as root')
      const drop =
        user === undefined || setpriv === undefined
          ? undefined
          : { path: setpriv, options: setprivAs(user) }
      return withSeccompAndUser(bwrapArgv(bwrap, layout, command), this.seccomp, drop)
    }
    if (unshare === undefined || setpriv === undefined)
      throw new SandboxError('RUNINK_SANDBOX_LAUNCH_FAILED', 'unshare and setpriv are required')
    const filtered = [...this.seccompPrefix, ...command]
    return unshareArgv({ unshare, setpriv }, this.rootDir, layout, filtered, user)
  }

  /**
   * A slice without namespaces. Where a sandbox was asked for but the host could not give one
   * (the fallback), it still never runs as root: as the slice account, like a sandboxed one.
   */
  private plain(request: LaunchRequest, stagingDir: string, command: string[]): string[] {
    const { setpriv } = this.tools
    const user = this.user
    if (user !== undefined) {
      if (setpriv === undefined)
        throw new SandboxError('RUNINK_SANDBOX_LAUNCH_FAILED', 'setpriv is required as root')
      admitSliceUser(user, stagingDir, request.readOnly ?? [], setpriv, this.reachable)
    }
    if (setpriv === undefined) return command
    const drop = user === undefined ? [] : setprivAs(user)
    return [setpriv, '--pdeathsig', 'KILL', '--no-new-privs', ...drop, '--', ...command]
  }

  /** A new staging folder: under `stagingRoot`, or a unique one of this user's in the temp dir. */
  private freshStaging(): string {
    if (this.stagingRoot === undefined) return mkdtempSync(join(tmpdir(), 'runink-slice-'))
    mkdirSync(this.stagingRoot, { recursive: true })
    return mkdtempSync(join(this.stagingRoot, 'slice-'))
  }
}

/** A launcher that starts slices from this process with the strongest isolation available. */
export function createLocalLauncher(options: LocalLauncherOptions = {}): LocalLauncher {
  return new LocalLauncher(options)
}

function checkRequest(request: LaunchRequest): void {
  const bad = (message: string): never => {
    throw new SandboxError('RUNINK_SANDBOX_BAD_REQUEST', message, { command: request.command })
  }
  if (request.command.length === 0 || request.command[0] === '') bad('the command is empty')
  for (const path of [
    ...(request.readOnly ?? []),
    ...(request.stagingDir === undefined ? [] : [request.stagingDir]),
  ]) {
    if (!isAbsolute(path)) bad(`mount path ${path} is not absolute`)
    if (!existsSync(path)) bad(`mount path ${path} does not exist`)
  }
  if (request.cwd !== undefined && !isAbsolute(request.cwd))
    bad(`cwd ${request.cwd} is not absolute`)
}
