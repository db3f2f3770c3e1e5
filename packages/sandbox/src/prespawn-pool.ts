import { rmSync } from 'node:fs'
import type { LocalLauncher } from './local-launcher.js'
import type { LocalSlice } from './local-slice.js'
import type { LaunchRequest } from './slice-launcher.js'
import { poolKey } from './pool-key.js'

interface Pool {
  readonly key: string
  readonly template: LaunchRequest
  target: number
  readonly ready: LocalSlice[]
  /** Dormant sandboxes that died in a row; the pool stops refilling after a few. */
  deaths: number
}

/** What the pool tells its owner about the dormant sandboxes it keeps. */
export interface PrespawnEvents {
  /** A new dormant sandbox for the template with this pool key is ready to be offered. */
  onWarm(slice: LocalSlice, key: string): void
  /** A dormant sandbox died before anyone claimed it. */
  onGone(slice: LocalSlice): void
}

const MAX_DEATHS = 3
const REFILL_DELAY_MS = 20

/**
 * Single-use sandboxes started ahead of demand. Each one is offered to the owner as it starts
 * (`onWarm`); a launch whose request matches a warmed template (same command, env, mounts,
 * network and limits; no staging directory of its own) claims one, whose slice is already
 * running and blocked reading its job.
 */
export class PrespawnPool {
  private readonly pools = new Map<string, Pool>()
  private closed = false

  constructor(
    private readonly launcher: LocalLauncher,
    private readonly events: PrespawnEvents,
  ) {}

  /** Keeps `count` sandboxes for `template` started and waiting. */
  warm(template: LaunchRequest, count: number): void {
    const key = poolKey(template)
    if (key === undefined) return
    const pool = this.pools.get(key) ?? { key, template, target: count, ready: [], deaths: 0 }
    pool.target = count
    pool.deaths = 0
    this.pools.set(key, pool)
    this.refill(key)
  }

  /** Takes `slice` out of its pool for a launch; false when it is no longer waiting. */
  claim(slice: LocalSlice): boolean {
    for (const pool of this.pools.values()) {
      const index = pool.ready.indexOf(slice)
      if (index < 0) continue
      pool.ready.splice(index, 1)
      if (slice.hasExited) return false
      pool.deaths = 0
      // Refill a little later: spawning blocks this loop for a moment, and the slice just
      // claimed should have its clock started and its exit watched before that.
      setTimeout(() => this.refill(pool.key), REFILL_DELAY_MS)
      return true
    }
    return false
  }

  /** Kills every dormant sandbox. */
  async close(): Promise<void> {
    this.closed = true
    const dormant = [...this.pools.values()].flatMap((p) => p.ready.splice(0))
    for (const slice of dormant) slice.kill('killed')
    await Promise.all(dormant.map((s) => s.wait()))
    // Their staging directories were made for them and never handed out.
    for (const slice of dormant) rmSync(slice.stagingDir, { recursive: true, force: true })
  }

  private refill(key: string): void {
    const pool = this.pools.get(key)
    if (pool === undefined || this.closed) return
    while (pool.ready.length < pool.target && pool.deaths < MAX_DEATHS) {
      let slice: LocalSlice
      try {
        slice = this.launcher.start(pool.template, true)
      } catch {
        // The template cannot start any more (a folder it mounts is gone: its run ended and
        // removed its staging). Forget it; a launch that needs it again starts cold and says why.
        this.pools.delete(key)
        return
      }
      pool.ready.push(slice)
      void slice.wait().then(() => {
        const index = pool.ready.indexOf(slice)
        if (index < 0) return
        pool.ready.splice(index, 1)
        pool.deaths++
        this.events.onGone(slice)
        this.refill(key)
      })
      this.events.onWarm(slice, key)
    }
  }
}
