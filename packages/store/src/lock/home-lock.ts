import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import lockfile from 'proper-lockfile'
import { RuninkError } from '@runink/core'
import { StoreErrors } from '../errors.js'
import { currentProcess, processAlive, type ProcessIdentity } from './process-alive.js'

/** Options for {@link lockHome}. */
export interface HomeLockOptions {
  /** Give up after this long; default 10 s. */
  readonly timeoutMs?: number
  /** Told once, when the lock is busy, who holds it. */
  readonly onWait?: (message: string, holder: LockHolder | undefined) => void
}

/** Who holds the lock, as written by the holder. */
export type LockHolder = Omit<ProcessIdentity, 'startedAt'> & { readonly since: string }

const OWNER_FILE = 'barn.lock.json'

async function readHolder(home: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(join(home, OWNER_FILE), 'utf8')) as LockHolder
  } catch {
    return undefined
  }
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
  for (;;) {
    try {
      const release = await lockfile.lock(home, {
        lockfilePath: join(home, 'barn.lock'),
        stale: 10_000,
        update: 2_000,
        realpath: false,
      })
      const holder: LockHolder = {
        pid: me.pid,
        host: me.host,
        command: me.command,
        since: new Date().toISOString(),
      }
      await writeFile(join(home, OWNER_FILE), JSON.stringify(holder))
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
      if (!told) {
        told = true
        options.onWait?.(
          `waiting for the Barn in ${home}, held by ${describeHolder(holder)}`,
          holder,
        )
      }
      await new Promise((r) => setTimeout(r, Math.min(200, Math.max(1, deadline - Date.now()))))
    }
  }
}
