import { readFileSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { processAlive, processStartTicks } from '@runink/node'

/** One process that a run's staging belongs to: a pid and when that pid started. */
export interface StagingOwner {
  readonly pid: number
  /** Start time in clock ticks since boot (`/proc/<pid>/stat`); absent where there is no /proc. */
  readonly startTicks?: number
}

/** What `owner.json` in a run's staging folder says. */
interface OwnerFile {
  readonly bootId?: string
  readonly owners: readonly StagingOwner[]
}

const OWNER_FILE = 'owner.json'
const NAME = /^run-(\d+)-(\d+)$/

/** The folder of one `runi run`'s staging: its inputs' copies and its slices' outputs. */
export interface RunStaging {
  readonly dir: string
  /** Records another process (the slice supervisor) whose life keeps this staging alive. */
  addOwner(pid: number): Promise<void>
  /** Removes the folder and everything in it. */
  release(): Promise<void>
}

/**
 * Creates this process's staging folder under `root`: `run-<pid>-<start ticks>`, with an
 * `owner.json` naming the boot and the processes it belongs to. {@link sweepDeadStaging} removes
 * it once they are all gone, however they ended (SIGKILL included).
 */
export async function claimRunStaging(root: string): Promise<RunStaging> {
  const self = ownerOf(process.pid)
  const dir = path.join(root, `run-${self.pid}-${self.startTicks ?? 0}`)
  const owners: StagingOwner[] = [self]
  const bootId = readBootId()
  const write = (): Promise<void> =>
    writeFile(
      path.join(dir, OWNER_FILE),
      JSON.stringify({ ...(bootId === undefined ? {} : { bootId }), owners }),
    )
  // Another run's release may remove the empty root between our mkdir and write: try again.
  for (let attempt = 1; ; attempt++) {
    try {
      // Others may pass through (a slice's own account reaches its staging below) but not list it.
      await mkdir(dir, { recursive: true, mode: 0o711 })
      await write()
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw error
    }
  }
  return {
    dir,
    async addOwner(pid) {
      owners.push(ownerOf(pid))
      await write()
    },
    async release() {
      await rm(dir, { recursive: true, force: true, maxRetries: 3 })
      // The root goes too once no run stages there: a project keeps no empty folder.
      await rmdir(root).catch(() => undefined)
    },
  }
}

/** What a sweep removed, and what it could not. */
export interface SweepResult {
  readonly removed: readonly string[]
  readonly failed: ReadonlyArray<{ readonly dir: string; readonly error: string }>
}

/**
 * Removes the staging left under `root` by runs whose processes are all gone (killed, crashed,
 * the machine restarted): the raw data they copied and wrote must not stay on disk. A folder is
 * kept while any process it names is alive with the same start time; entries of any other shape
 * (staging of an older runi) are removed too. A missing root is nothing to sweep.
 */
export async function sweepDeadStaging(root: string): Promise<SweepResult> {
  const names = await readdir(root).catch(() => [] as string[])
  const removed: string[] = []
  const failed: Array<{ dir: string; error: string }> = []
  const bootId = readBootId()
  for (const name of names) {
    const dir = path.join(root, name)
    if (await ownedByLiveProcess(dir, name, bootId)) continue
    try {
      await rm(dir, { recursive: true, force: true, maxRetries: 3 })
      removed.push(dir)
    } catch (error) {
      failed.push({ dir, error: (error as Error).message })
    }
  }
  return { removed, failed }
}

async function ownedByLiveProcess(
  dir: string,
  name: string,
  bootId: string | undefined,
): Promise<boolean> {
  const match = NAME.exec(name)
  if (match === null) return false
  const named: StagingOwner = { pid: Number(match[1]), startTicks: Number(match[2]) }
  const file = await readFile(path.join(dir, OWNER_FILE), 'utf8')
    .then((text) => JSON.parse(text) as Partial<OwnerFile> | null)
    .catch(() => undefined)
  // Written right after the folder: a folder without it is being claimed now, or its owner died
  // at once; its own name still says whose it is.
  if (file === undefined || file === null || typeof file !== 'object') return isAlive(named)
  if (typeof file.bootId === 'string' && bootId !== undefined && file.bootId !== bootId)
    return false
  // A damaged file names nobody else: the folder's name still says whose it is.
  const owners = Array.isArray(file.owners) ? file.owners.filter(isOwner) : []
  return [named, ...owners].some(isAlive)
}

function isOwner(value: unknown): value is StagingOwner {
  if (typeof value !== 'object' || value === null) return false
  const { pid, startTicks } = value as Record<string, unknown>
  return (
    Number.isInteger(pid) &&
    (pid as number) > 0 &&
    (startTicks === undefined || Number.isInteger(startTicks))
  )
}

function isAlive(owner: StagingOwner): boolean {
  if (!processAlive(owner.pid)) return false
  const ticks = processStartTicks(owner.pid)
  // A pid reused by a process started later is someone else.
  return ticks === undefined || !owner.startTicks || ticks === owner.startTicks
}

function ownerOf(pid: number): StagingOwner {
  const startTicks = processStartTicks(pid)
  return startTicks === undefined ? { pid } : { pid, startTicks }
}

function readBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
  } catch {
    return undefined
  }
}
