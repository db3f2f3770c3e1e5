import { MAX_STAGING_ENTRIES, stagingUsage } from './staging-usage.js'

/** What a slice went over: its disk limit, or the most entries a staging folder may hold. */
export type DiskExcess = 'bytes' | 'entries'

/** How often a slice's staging folder is measured while it runs. */
export const DISK_WATCH_INTERVAL_MS = 100

/**
 * Measures a slice's staging folder over and over while it runs (one walk at a time, the next
 * {@link DISK_WATCH_INTERVAL_MS} after the last ends) and calls `onExceeded` once when it holds
 * more than `limitBytes`, or more than {@link MAX_STAGING_ENTRIES} entries. The kernel bounds each single file (RLIMIT_FSIZE); this bounds the
 * sum. It can only see what was written before a walk: a slice overshoots by what it writes in
 * one interval plus one walk (see docs/running.md).
 */
export class DiskWatch {
  private timer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(
    private readonly dir: string,
    private readonly limitBytes: number,
    private readonly onExceeded: (excess: DiskExcess) => void,
  ) {}

  start(): void {
    this.schedule()
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
  }

  private schedule(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => void this.measure(), DISK_WATCH_INTERVAL_MS)
  }

  /**
   * Measures once more, after the slice has ended: what it leaves is what would be committed,
   * so a slice that went over between two walks and then ended is still over.
   */
  async last(): Promise<DiskExcess | undefined> {
    this.stop()
    return this.excessOf(await stagingUsage(this.dir, this.limitBytes))
  }

  private excessOf(used: { bytes: number; entries: number }): DiskExcess | undefined {
    if (used.bytes > this.limitBytes) return 'bytes'
    return used.entries > MAX_STAGING_ENTRIES ? 'entries' : undefined
  }

  private async measure(): Promise<void> {
    const used = await stagingUsage(this.dir, this.limitBytes)
    if (this.stopped) return
    const excess = this.excessOf(used)
    if (excess !== undefined) {
      this.stopped = true
      this.onExceeded(excess)
      return
    }
    this.schedule()
  }
}
