import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { rmdir } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { CgroupController, CgroupHost } from './cgroup-host.js'
import type { SliceLimits } from './slice-limits.js'
import { processAlive } from '@runink/node'

/** What the cgroup saw of a finished slice. */
export interface CgroupOutcome {
  /** Processes the kernel OOM-killed because the slice hit its memory limit. */
  readonly oomKills: number
  /** Forks refused because the slice hit its pids limit. */
  readonly pidsLimitHits: number
  readonly peakMemoryBytes?: number
}

const CFS_PERIOD_US = 100_000

/** One slice's cgroup (one directory per v1 hierarchy, or one v2 directory). */
export class SliceCgroup {
  private constructor(
    private readonly host: CgroupHost,
    private readonly dirs: Partial<Record<CgroupController, string>>,
  ) {}

  /** Creates `<parent>/<id>` in each hierarchy and writes the limits (later, when absent). */
  static create(host: CgroupHost, id: string, limits?: SliceLimits): SliceCgroup {
    const dirs: Partial<Record<CgroupController, string>> = {}
    for (const [controller, parent] of Object.entries(host.parents)) {
      const dir = join(parent, id)
      mkdirSync(dir, { recursive: true })
      dirs[controller as CgroupController] = dir
    }
    const cgroup = new SliceCgroup(host, dirs)
    if (limits !== undefined) cgroup.limit(limits)
    return cgroup
  }

  /** The `cgroup.procs` files a process writes its pid into to join (once per directory). */
  get procsFiles(): string[] {
    return [...new Set(Object.values(this.dirs))].map((dir) => join(dir, 'cgroup.procs'))
  }

  /** Writes the memory, pids and CPU limits (again, for a cgroup made before its slice). */
  limit(limits: SliceLimits): void {
    const { memory, pids, cpu } = this.dirs
    const quota = Math.max(1000, Math.round((limits.cpuMillis * CFS_PERIOD_US) / 1000))
    if (this.host.version === 2) {
      if (memory !== undefined) {
        write(memory, 'memory.max', limits.memoryBytes)
        writeIfPresent(memory, 'memory.swap.max', 0)
      }
      if (pids !== undefined) write(pids, 'pids.max', limits.pids)
      if (cpu !== undefined) write(cpu, 'cpu.max', `${quota} ${CFS_PERIOD_US}`)
      return
    }
    if (memory !== undefined) {
      write(memory, 'memory.limit_in_bytes', limits.memoryBytes)
      // Without a memsw limit a v1 slice could page out past its limit into swap.
      writeIfPresent(memory, 'memory.memsw.limit_in_bytes', limits.memoryBytes)
    }
    if (pids !== undefined) write(pids, 'pids.max', limits.pids)
    if (cpu !== undefined) {
      write(cpu, 'cpu.cfs_period_us', CFS_PERIOD_US)
      write(cpu, 'cpu.cfs_quota_us', quota)
    }
  }

  /** Reads the OOM-kill and pids-limit counters and the peak memory. */
  outcome(): CgroupOutcome {
    const { memory, pids } = this.dirs
    const v2 = this.host.version === 2
    const memoryEvents =
      memory === undefined ? '' : read(memory, v2 ? 'memory.events' : 'memory.oom_control')
    const peak =
      memory === undefined
        ? undefined
        : read(memory, v2 ? 'memory.peak' : 'memory.max_usage_in_bytes')
    const peakMemoryBytes = peak === undefined || peak === '' ? undefined : Number(peak.trim())
    return {
      oomKills: counter(memoryEvents, 'oom_kill'),
      pidsLimitHits: pids === undefined ? 0 : counter(read(pids, 'pids.events'), 'max'),
      ...(peakMemoryBytes !== undefined && Number.isFinite(peakMemoryBytes)
        ? { peakMemoryBytes }
        : {}),
    }
  }

  /** SIGKILLs every process in the cgroup (cgroup.kill on v2; repeated sweeps on v1). */
  killAll(): void {
    for (const dir of new Set(Object.values(this.dirs))) {
      if (existsSync(join(dir, 'cgroup.kill'))) {
        writeIfPresent(dir, 'cgroup.kill', 1)
        continue
      }
      // A fork bomb refills the list between reads; the pids limit bounds how many sweeps it takes.
      for (let sweep = 0; sweep < 50; sweep++) {
        const pids = read(dir, 'cgroup.procs').split('\n').filter(Boolean).map(Number)
        if (pids.length === 0) break
        for (const pid of pids) {
          try {
            process.kill(pid, 'SIGKILL')
          } catch {
            // already gone
          }
        }
      }
    }
  }

  /**
   * Removes the cgroup directories once their processes are gone. Asynchronously: removing a
   * cgroup takes the kernel about a millisecond per hierarchy, time the supervisor's loop
   * spends relaying other slices instead.
   */
  async remove(): Promise<void> {
    for (const dir of new Set(Object.values(this.dirs))) {
      for (let attempt = 0; attempt < 100; attempt++) {
        try {
          await rmdir(dir)
          break
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code
          if (code === 'ENOENT') break
          if (code !== 'EBUSY' || attempt === 99) throw error
          this.killAll()
          await sleep(10)
        }
      }
    }
  }
}

function write(dir: string, file: string, value: string | number): void {
  writeFileSync(join(dir, file), String(value))
}

function writeIfPresent(dir: string, file: string, value: string | number): void {
  try {
    writeFileSync(join(dir, file), String(value), { flag: 'r+' })
  } catch {
    // optional knob absent on this kernel
  }
}

function read(dir: string, file: string): string {
  try {
    return readFileSync(join(dir, file), 'utf8')
  } catch {
    return ''
  }
}

/** The value of `key N` in a flat-keyed cgroup file. */
export function counter(text: string, key: string): number {
  const match = new RegExp(`^${key} (\\d+)$`, 'm').exec(text)
  return match === null ? 0 : Number(match[1])
}

/**
 * Removes per-slice cgroups left by a supervisor that died (named `s<pid>-<n>`, pid gone).
 * Those of live supervisors are left alone: an empty one may be about to receive its slice.
 */
export function sweepStaleCgroups(host: CgroupHost): void {
  for (const parent of new Set(Object.values(host.parents))) {
    let entries: string[]
    try {
      entries = readdirSync(parent, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    } catch {
      continue
    }
    for (const name of entries) {
      const owner = /^s(\d+)-\d+$/.exec(name)?.[1]
      if (owner === undefined || processAlive(Number(owner))) continue
      try {
        rmdirSync(join(parent, name))
      } catch {
        // still has processes, or gone already
      }
    }
  }
}
