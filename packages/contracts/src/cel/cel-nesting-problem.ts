/**
 * How deep a CEL expression may nest: cel-js's own `maxDepth`. cel-js checks it for brackets
 * and `?:` but recurses once per prefix operator unchecked (`!!!…true` 100k long overflows the
 * stack), so {@link celNestingProblem} measures both before cel-js parses.
 */
export const MAX_CEL_DEPTH = 250

/**
 * The problem with an expression nested deeper than {@link MAX_CEL_DEPTH} (open brackets plus a
 * run of prefix `!`/`-`), or undefined. One linear scan outside string literals, no recursion.
 */
export function celNestingProblem(expression: string): string | undefined {
  let depth = 0
  let prefix = 0
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i] as string
    if (c === '"' || c === "'") {
      i = stringEnd(expression, i, c)
      prefix = 0
      continue
    }
    if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1)
    if (c === '!' || c === '-') prefix++
    else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') prefix = 0
    if (depth + prefix > MAX_CEL_DEPTH)
      return `the expression nests deeper than ${MAX_CEL_DEPTH} levels (at character ${i + 1})`
  }
  return undefined
}

/** Index of the last character of the string literal opening at `i` (triple-quoted or not). */
function stringEnd(text: string, i: number, quote: string): number {
  const triple = quote.repeat(3)
  if (text.startsWith(triple, i)) {
    const end = text.indexOf(triple, i + 3)
    return end < 0 ? text.length : end + 2
  }
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++
    else if (text[j] === quote) return j
  }
  return text.length
}
