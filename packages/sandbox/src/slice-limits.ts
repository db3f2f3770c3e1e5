/** Resource limits of one slice. Absent fields fall back to {@link DEFAULT_LIMITS}. */
export interface SliceLimits {
  /** Memory (RSS + page cache charged to the slice's cgroup), in bytes. */
  readonly memoryBytes: number
  /** CPU share in millicores: 1000 is one full core (`@requires(cpu="500m")` → 500). */
  readonly cpuMillis: number
  /** Most processes and threads alive at once inside the slice. */
  readonly pids: number
  /** Wall-clock time before the slice is killed, in milliseconds. */
  readonly timeoutMs: number
  /**
   * Most bytes the slice may hold in its staging folder, all files together (see DiskWatch).
   * RLIMIT_FSIZE stays within {@link fileLimitFor} of it, so one file cannot run far past it
   * between two measurements either.
   */
  readonly diskBytes: number
  /** Largest file the slice may write (RLIMIT_FSIZE), in bytes. */
  readonly maxFileBytes: number
  /** Most open file descriptors (RLIMIT_NOFILE). */
  readonly openFiles: number
}

/** Limits a slice gets when its stage asks for nothing more specific. */
export const DEFAULT_LIMITS: SliceLimits = {
  memoryBytes: 1024 * 1024 * 1024,
  cpuMillis: 1000,
  pids: 256,
  timeoutMs: 60 * 60 * 1000,
  // Staging holds one slice's outputs until they are committed: 10 GiB is well above what one
  // slice of a partitioned stage writes, and low enough that a few runaway slices at once do not
  // fill a host disk. A stage that writes more asks for it: `@requires(disk="100Gi")`.
  diskBytes: 10 * 1024 * 1024 * 1024,
  maxFileBytes: 64 * 1024 * 1024 * 1024,
  openFiles: 1024,
}

/**
 * The largest file a slice with this disk limit may write: the limit plus a margin (the limit
 * itself, at most 64 MiB). The margin lets the disk watch, which kills with a clear reason,
 * see a file over the limit before the kernel refuses a write with EFBIG (which steps rarely
 * report well); the kernel still stops any one file there.
 */
export function fileLimitFor(diskBytes: number): number {
  return diskBytes + Math.min(diskBytes, 64 * 1024 * 1024)
}

/** The effective limits: the request's values over the defaults; files bounded by the disk. */
export function resolveLimits(limits: Partial<SliceLimits> | undefined): SliceLimits {
  const resolved = { ...DEFAULT_LIMITS, ...limits }
  return {
    ...resolved,
    maxFileBytes: Math.min(resolved.maxFileBytes, fileLimitFor(resolved.diskBytes)),
  }
}

const BINARY_UNITS = ['Ki', 'Mi', 'Gi', 'Ti'] as const

/** Bytes the way `@requires(memory=…)` writes them: 268435456 → `256Mi`. */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = ''
  for (const next of BINARY_UNITS) {
    if (value < 1024 || value % 1024 !== 0) break
    value /= 1024
    unit = next
  }
  return `${value}${unit}`
}

/** Milliseconds as a short duration: 2000 → `2s`, 1500 → `1.5s`, 90000 → `90s`, 250 → `250ms`. */
export function formatMillis(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  return `${Math.round(ms / 100) / 10}s`
}
