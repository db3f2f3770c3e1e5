import type { Barn } from '@runink/store'

/** Barns this process holds open and lends to the read-only commands it serves, by home. */
const held = new Map<string, Barn>()

/** Lends an open Barn to commands served in this process until the returned function is called. */
export function lendBarn(home: string, barn: Barn): () => void {
  held.set(home, barn)
  return () => {
    if (held.get(home) === barn) held.delete(home)
  }
}

/** The Barn this process holds open for a home, if it does. */
export function heldBarn(home: string): Barn | undefined {
  return held.get(home)
}
