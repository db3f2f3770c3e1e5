import { realpathSync } from 'node:fs'
import type { Barn } from '@runink/store'

/** Barns this process holds open and lends to the read-only commands it serves, by home. */
const held = new Map<string, Barn>()

/** A home as one path, whichever way it was reached (symbolic links, `..`). */
function keyOf(home: string): string {
  try {
    return realpathSync(home)
  } catch {
    return home
  }
}

/** Lends an open Barn to commands served in this process until the returned function is called. */
export function lendBarn(home: string, barn: Barn): () => void {
  const key = keyOf(home)
  held.set(key, barn)
  return () => {
    if (held.get(key) === barn) held.delete(key)
  }
}

/** The Barn this process holds open for a home, if it does. */
export function heldBarn(home: string): Barn | undefined {
  return held.size === 0 ? undefined : held.get(keyOf(home))
}
