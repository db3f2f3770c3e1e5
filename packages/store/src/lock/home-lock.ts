import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import lockfile from 'proper-lockfile'
import { RuninkError } from '@runink/core'
import { StoreErrors } from '../errors.js'
import { processAlive, processStartTicks } from '@runink/node'
import { currentProcess, type ProcessIdentity } from './process-alive.js'

/** Options for {@link lockHome}. */
export interface HomeLockOptions {
  /** Give up after this long; default 10 s. */
  readonly timeoutMs?: number
  /** Told once, when the lock is busy, who holds it (not when the holder gives way at once). */
  readonly onWait?: (message: string, holder: LockHolder | undefined) => void
  /**
   * This holder gives the lock up when another process wants it (the Barn kept open between
   * commands): the record says so, and waiters send it SIGTERM, which it answers by closing.
   * A yielding taker never asks another holder to give way.
   */
  readonly yields?: boolean
}

/** Who holds the lock, as written by the holder. */
export type LockHolder = Omit<ProcessIdentity, 'startedAt'> & {
  readonly since: string
  /** The run this holder is executing, once it has one (`runi run`). */
  readonly runId?: string
  /** A Unix socket where the holder answers read-only commands while it holds the Barn. */
  readonly socket?: string
  /** The holder closes and releases the lock when sent SIGTERM by a process that wants it. */
  readonly yields?: boolean
  /** The holder's start in clock ticks since boot (Linux), so a reused pid is never signalled. */
  readonly startTicks?: number
}

const OWNER_FILE = 'barn.lock.json'

/** Writes the holder record whole (by rename), so that a reader never sees half of it. */
async function writeHolder(home: string, holder: LockHolder): Promise<void> {
  const tmp = join(home, `${OWNER_FILE}.${process.pid}.tmp`)
  await writeFile(tmp, JSON.stringify(holder), { mode: 0o600 })
  await rename(tmp, join(home, OWNER_FILE))
}

async function readHolder(home: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(join(home, OWNER_FILE), 'utf8')) as LockHolder
  } catch {
    return undefined
  }
}

/**
 * The live process on this host holding the lock on this Barn folder, or undefined when the lock
 * is free (or left by a process that is gone). Takes nothing.
 */
export async function lockHolderOf(home: string): Promise<LockHolder | undefined> {
  try {
    await stat(join(home, 'barn.lock'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const holder = await readHolder(home)
  if (!holder || holder.host !== currentProcess().host || !processAlive(holder.pid))
    return undefined
  return holder
}

/**
 * Adds to the record of who holds the lock (the run id, the socket it answers on), so that other
 * commands can say, or ask, who holds it; a field given as undefined is taken off. Only the
 * holder calls this.
 */
export async function describeLockHolder(
  home: string,
  more: { readonly runId?: string; readonly socket?: string | undefined },
): Promise<void> {
  const holder = await readHolder(home)
  if (!holder || holder.pid !== process.pid) return
  await writeHolder(home, { ...holder, ...more })
}

const describeHolder = (h: LockHolder | undefined): string =>
  h ? `pid ${h.pid} on ${h.host} (${h.command}), since ${h.since}` : 'another process'

/**
 * Takes the single-writer lock on an embedded Barn's folder. A busy lock is waited for (the
 * holder named once through onWait) up to timeoutMs; a lock left by a dead process on this
 * host is taken over at once. Resolves to the release function.
 */
export async function lockHome(
  home: string,
  options: HomeLockOptions = {},
): Promise<() => Promise<void>> {
  const timeoutMs = options.timeoutMs ?? 10_000
  const deadline = Date.now() + timeoutMs
  const me = currentProcess()
  let told = false
  const asked = new Set<number>()
  for (;;) {
    try {
      const release = await lockfile.lock(home, {
        lockfilePath: join(home, 'barn.lock'),
        stale: 10_000,
        update: 2_000,
        realpath: false,
      })
      const startTicks = processStartTicks(me.pid)
      const holder: LockHolder = {
        pid: me.pid,
        host: me.host,
        command: me.command,
        since: new Date().toISOString(),
        ...(options.yields ? { yields: true } : {}),
        ...(startTicks !== undefined ? { startTicks } : {}),
      }
      await writeHolder(home, holder)
      return async () => {
        await rm(join(home, OWNER_FILE), { force: true })
        await release()
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error
      const holder = await readHolder(home)
      if (holder && holder.host === me.host && holder.pid !== me.pid && !processAlive(holder.pid)) {
        // The holder was killed without releasing: its lock protects nothing any more.
        await rm(join(home, 'barn.lock'), { recursive: true, force: true })
        continue
      }
      if (Date.now() >= deadline) {
        throw new RuninkError(
          StoreErrors.RUNINK_STORE_LOCKED,
          `the Barn in ${home} is in use by ${describeHolder(holder)}; gave up after ${timeoutMs} ms`,
          { details: { home, holder: holder ?? null, timeoutMs }, retryable: true },
        )
      }
      // A holder asked to yield removes its record just before its lock: between the two it
      // is still the one being waited for, not "another process" to tell the user about.
      const yielding =
        !options.yields &&
        (holder === undefined ? asked.size > 0 : askToYield(holder, me.host, asked))
      if (!told && !yielding) {
        told = true
        options.onWait?.(
          `waiting for the Barn in ${home}, held by ${describeHolder(holder)}`,
          holder,
        )
      }
      const pause = yielding ? 20 : 200
      await new Promise((r) => setTimeout(r, Math.min(pause, Math.max(1, deadline - Date.now()))))
    }
  }
}

/**
 * Asks a holder that yields (a Barn kept open between commands) to give the lock up: SIGTERM,
 * once, and only to the process that wrote the record (same host, same start). True while
 * such a holder is being waited for.
 */
function askToYield(holder: LockHolder, host: string, asked: Set<number>): boolean {
  if (!holder.yields || holder.host !== host) return false
  if (holder.startTicks === undefined || processStartTicks(holder.pid) !== holder.startTicks)
    return false
  if (!asked.has(holder.pid)) {
    asked.add(holder.pid)
    try {
      process.kill(holder.pid, 'SIGTERM')
    } catch {
      return false
    }
  }
  return true
}
