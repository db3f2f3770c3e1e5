import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import type { CgroupHost } from './cgroup-host.js'
import { JOIN_LOOP } from './limits-argv.js'
import { shellSetsRlimits } from './shell-ulimit.js'
import { SliceCgroup } from './slice-cgroup.js'

/** A shell waiting in a fresh slice cgroup for the one line that makes it the slice. */
export interface CgroupSeed {
  readonly id: string
  readonly cgroup: SliceCgroup
  readonly child: ChildProcess
}

// Joins, then waits on stdin for the line (see seedCommand); stdin closed first: exit quietly.
const SEED_SCRIPT = `${JOIN_LOOP}; IFS= read -r line || exit 0; eval "$line"`
const REFILL_DELAY_MS = 20
const MAX_DEATHS = 3

type Pipe = (Readable | Writable) & { ref?(): void; unref?(): void }

/**
 * Processes already inside fresh, empty slice cgroups. Moving a process into a cgroup makes the
 * kernel wait for an RCU grace period when no other move happened just before (8 to 14 ms on
 * the cgroup v1 VMs measured; cgroup v2 mounted without `favordynmods` likewise), and slices
 * are launched far enough apart that each would wait. A slice launched on demand takes a seed
 * that waited ahead of time and execs its own command in place of the seed's shell: same pid,
 * same cgroup, its limits written just before.
 */
export class CgroupSeeds {
  /** Whether the seeds' shell can set the slice's rlimits itself (see shellSetsRlimits). */
  readonly shellRlimits = shellSetsRlimits()
  private readonly ready: CgroupSeed[] = []
  private deaths = 0
  private closed = false
  private refillTimer: NodeJS.Timeout | undefined

  constructor(
    private readonly host: CgroupHost,
    private readonly count: number,
    private readonly nextId: () => string,
    private readonly env: Readonly<Record<string, string>>,
    /** Where seeds' scripts are written (created; in the launcher's private work folder). */
    private readonly scriptDir: string,
  ) {
    mkdirSync(scriptDir, { mode: 0o700 })
    this.refill()
  }

  /** The file a seed sources to exec its slice (see seedCommand). */
  scriptPath(seed: CgroupSeed): string {
    return join(this.scriptDir, `${seed.id}.sh`)
  }

  /** Puts back a seed taken but not used. */
  giveBack(seed: CgroupSeed): void {
    if (seed.child.exitCode !== null || seed.child.signalCode !== null) {
      void seed.cgroup.remove().catch(() => undefined)
      return
    }
    for (const handle of handles(seed.child)) handle.unref?.()
    seed.child.unref()
    this.ready.unshift(seed)
  }

  /** A waiting seed, or undefined (the caller then joins the slice's cgroup the slow way). */
  take(): CgroupSeed | undefined {
    const seed = this.ready.shift()
    if (seed !== undefined) {
      this.deaths = 0
      seed.child.ref()
      for (const handle of handles(seed.child)) handle.ref?.()
    }
    // Later: spawning blocks this loop for a moment, and the launch is what matters now.
    if (!this.closed && this.refillTimer === undefined) {
      this.refillTimer = setTimeout(() => {
        this.refillTimer = undefined
        this.refill()
      }, REFILL_DELAY_MS)
      this.refillTimer.unref()
    }
    return seed
  }

  /** Kills the seeds not handed out and removes their cgroups. */
  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.refillTimer)
    const seeds = this.ready.splice(0)
    await Promise.all(
      seeds.map(async (seed) => {
        const exited = new Promise((resolve) => seed.child.once('close', resolve))
        // Held again so that this process lives to see them go and remove their cgroups.
        seed.child.ref()
        for (const handle of handles(seed.child)) handle.ref?.()
        // Its own process group: killed whether or not it has joined its cgroup yet.
        try {
          process.kill(-(seed.child.pid ?? 0), 'SIGKILL')
        } catch {
          seed.child.kill('SIGKILL')
        }
        await exited
        await seed.cgroup.remove().catch(() => undefined)
      }),
    )
  }

  private refill(): void {
    while (!this.closed && this.ready.length < this.count && this.deaths < MAX_DEATHS) {
      const seed = this.start()
      if (seed === undefined) return
      this.ready.push(seed)
    }
  }

  private start(): CgroupSeed | undefined {
    const id = this.nextId()
    let cgroup: SliceCgroup
    try {
      cgroup = SliceCgroup.create(this.host, id)
    } catch {
      this.deaths = MAX_DEATHS
      return undefined
    }
    const procs = cgroup.procsFiles
    const child = spawn('/bin/sh', ['-c', SEED_SCRIPT, 'runink-seed', ...procs, '--'], {
      env: this.env,
      cwd: '/',
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      detached: true,
    })
    const seed: CgroupSeed = { id, cgroup, child }
    child.stdin?.on('error', () => undefined)
    child.once('error', () => undefined)
    // A seed that dies while waiting (its cgroup could not be joined) is dropped, not handed out.
    child.once('exit', () => {
      const index = this.ready.indexOf(seed)
      if (index < 0) return
      this.ready.splice(index, 1)
      this.deaths++
      void cgroup.remove().catch(() => undefined)
      this.refill()
    })
    // Waiting seeds do not keep their launcher's process alive.
    child.unref()
    for (const handle of handles(child)) handle.unref?.()
    return seed
  }
}

function handles(child: ChildProcess): Pipe[] {
  return child.stdio.filter((s): s is NonNullable<typeof s> => s !== null) as Pipe[]
}
