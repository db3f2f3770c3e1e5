import { sha256Hex } from '@runink/core'
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator'

/**
 * A seeded random source over pure-rand's xoroshiro128+. Seeds are hashed as text, so `42` and
 * `'42'` give the same stream, and the stream is identical on every machine and Node version.
 */
export class Rng {
  private readonly gen: RandomGenerator

  /** A source for `seed`. */
  constructor(seed: string | number) {
    this.gen = xoroshiro128plus(Number.parseInt(sha256Hex(String(seed)).slice(0, 8), 16) | 0)
  }

  /** A float in [0, 1). */
  next(): number {
    return uniformFloat64(this.gen)
  }

  /** An integer in [lo, hi] (both inclusive, safe integers); `lo` when the range is empty. */
  int(lo: number, hi: number): number {
    return hi <= lo ? lo : uniformInt(this.gen, lo, hi)
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p
  }

  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T {
    return list[this.int(0, list.length - 1)] as T
  }
}
