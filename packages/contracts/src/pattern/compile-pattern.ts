import { RE2JS } from 're2js'
import { simplePattern } from './simple-pattern.js'

/** A compiled `pattern`: `test` is true when the pattern matches somewhere in the value. */
export interface Pattern {
  readonly source: string
  test(value: string): boolean
}

/** The longest pattern source accepted; compiling is linear in it, but it still bounds memory. */
export const MAX_PATTERN_LENGTH = 4096

/** The outcome of {@link compilePattern}: a pattern, or the one-line reason it is refused. */
export type CompiledPattern =
  | { readonly pattern: Pattern; readonly problem?: undefined }
  | { readonly pattern?: undefined; readonly problem: string }

const CACHE = new Map<string, CompiledPattern>()
const CACHE_LIMIT = 1024

/**
 * Compiles a regular expression with RE2 semantics (re2js, a pure-JS port of RE2): matching runs
 * in time linear in the value, whatever the pattern (no backtracking, so `^(a+)+$` cannot stall
 * a run). Syntax RE2 has no linear-time algorithm for (backreferences, lookahead, lookbehind) is
 * refused with the parser's reason, as is a source over {@link MAX_PATTERN_LENGTH} characters.
 */
export function compilePattern(source: string): CompiledPattern {
  const cached = CACHE.get(source)
  if (cached !== undefined) return cached
  const compiled = compileUncached(source)
  if (CACHE.size >= CACHE_LIMIT) CACHE.clear()
  CACHE.set(source, compiled)
  return compiled
}

function compileUncached(source: string): CompiledPattern {
  if (source.length > MAX_PATTERN_LENGTH)
    return { problem: `pattern is ${source.length} characters; at most ${MAX_PATTERN_LENGTH}` }
  try {
    const re = RE2JS.compile(source)
    // The deterministic shapes most contracts use run on the host's RegExp, with RE2's meaning.
    const fast = simplePattern(source)
    if (fast !== undefined) return { pattern: { source, test: (value) => fast.test(value) } }
    return { pattern: { source, test: (value) => re.test(value) } }
  } catch (error) {
    return { problem: patternProblem(error) }
  }
}

/** re2js says "error parsing regexp: invalid escape sequence: `\1`"; keep the reason, say why. */
function patternProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const reason = (message.split('\n')[0] ?? message).replace(/^error parsing regexp: /, '')
  return `not an RE2 pattern: ${reason} (RE2 syntax; backreferences and lookaround are not supported)`
}
