import type { CelVariables } from '@runink/contracts'

/**
 * The variables `@assert` expressions see: the stats of the stage after it ran. The engine
 * must provide exactly these (CEL ints as BigInt). `records.in` cannot be written (`in` is a
 * CEL keyword), hence `records.input`.
 */
export const ASSERT_VARIABLES: CelVariables = {
  /**
   * Records read from the sources (`input`) and valid records written to an output (`output`,
   * alias `out`; dead-letter writes never count).
   */
  records: { input: 'int', output: 'int', out: 'int' },
  /** Records that passed validation against the stage contract, and their share of output. */
  valid: { count: 'int', ratio: 'double' },
  /** Records that failed validation, and their share of output. */
  invalid: { count: 'int', ratio: 'double' },
  /** Records the steps dropped (`filter`, `dedupe`, a step returning nothing or fewer). */
  filtered: { count: 'int' },
  /** Records the steps made beyond those they read (a step returning several for one). */
  added: { count: 'int' },
  /** Invalid records that no sink took (non-zero fails the stage anyway). */
  unrouted: { count: 'int' },
  /** Records written, by sink URI. */
  sinks: 'map<string, int>',
  /** Counters steps reported with `ctx.count(name)`. */
  metrics: 'map<string, int>',
  /** Wall time of the stage. */
  duration_ms: 'int',
}
