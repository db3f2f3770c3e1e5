import { compilePattern } from '@runink/contracts'
import RandExpModule from 'randexp'
import type { Rng } from './rng.js'

type RandExpClass = typeof RandExpModule.default

// randexp is CommonJS assigning `module.exports`; its typings declare a default export instead.
const RandExp = ((RandExpModule as unknown as { default?: RandExpClass }).default ??
  RandExpModule) as unknown as RandExpClass

/** Repetitions drawn for `*`, `+` and open `{n,}` quantifiers beyond their minimum, by default. */
const MAX_REPEAT = 8

/** Parsed patterns, reused across calls (parsing dominates the cost of a draw). */
const PARSED = new Map<string, InstanceType<RandExpClass>>()

/**
 * A string matching `pattern`, drawn by randexp with `rng` as its only source of randomness;
 * open quantifiers repeat at most `maxRepeat` times beyond their minimum (fewer makes shorter
 * strings, for length limits). Undefined when RE2 refuses the pattern or randexp cannot read it
 * (e.g. Unicode property classes).
 */
export function patternValue(
  pattern: string,
  rng: Rng,
  maxRepeat = MAX_REPEAT,
): string | undefined {
  try {
    let gen = PARSED.get(pattern)
    if (gen === undefined) {
      // Only patterns a contract accepts (RE2, bounded repeats) are drawn from: randexp's draw
      // grows with the repeat counts, and a nested `{999}` would build a string of 10^9.
      if (compilePattern(pattern).problem !== undefined) return undefined
      gen = new RandExp(pattern)
      PARSED.set(pattern, gen)
    }
    // Parsed generators are shared; a draw is synchronous, so setting these per call is safe.
    gen.max = maxRepeat
    gen.randInt = (a: number, b: number) => rng.int(a, b)
    return gen.gen()
  } catch {
    return undefined
  }
}
