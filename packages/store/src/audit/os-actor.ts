import { userInfo } from 'node:os'

/**
 * Who this process runs as, from the operating system (uid and the passwd name), never from an
 * environment variable a caller can set: `alice (uid 1000)`; `uid 1234` without a passwd entry.
 */
export function osActor(): string {
  const uid = process.getuid?.()
  try {
    const user = userInfo()
    return `${user.username} (uid ${user.uid})`
  } catch {
    return uid === undefined ? 'unknown user' : `uid ${uid}`
  }
}
