/**
 * Where a YAML or JSON text first nests deeper than `limit`, by a single linear scan that never
 * recurses; undefined when it does not. The `yaml` parser recurses per level and, some hundreds
 * of levels down, overflows the stack: it reports that as a plain error, but an overflow that
 * strikes while V8 compiles one of its regular expressions kills the process outright. So the
 * text is measured before it is parsed.
 *
 * The measure is an upper bound: indentation levels, `- ` and `? ` indicators opening a line, and
 * open `[`/`{` (outside quotes, comments and block scalars) all count as a level.
 */
export function nestingTooDeepAt(text: string, limit: number): number | undefined {
  const indents: number[] = []
  let flow = 0
  let quote: '"' | "'" | undefined
  let blockScalarIndent: number | undefined
  let lineStart = 0
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart)
    if (lineEnd < 0) lineEnd = text.length
    let i = lineStart
    while (i < lineEnd && text[i] === ' ') i++
    const indent = i - lineStart
    const blank = i === lineEnd || text[i] === '#' || text[i] === '\r'
    if (blockScalarIndent !== undefined && (blank || indent > blockScalarIndent)) {
      lineStart = lineEnd + 1 // a line of a `|` or `>` scalar: text, not structure
      continue
    }
    blockScalarIndent = undefined
    let depth = 0
    if (flow === 0 && quote === undefined && !blank) {
      while (indents.length > 0 && (indents[indents.length - 1] as number) > indent) indents.pop()
      if (indents.length === 0 || (indents[indents.length - 1] as number) < indent)
        indents.push(indent)
      // `- - x` and `? x` open a collection each, on the same line.
      while ((text[i] === '-' || text[i] === '?') && (text[i + 1] === ' ' || i + 1 === lineEnd)) {
        depth++
        i += 2
        while (i < lineEnd && text[i] === ' ') i++
      }
    }
    let valueStart = flow === 0 // a flow collection only opens where a value may start
    for (; i < lineEnd; i++) {
      const c = text[i]
      if (quote !== undefined) {
        if (c === '\\' && quote === '"') i++
        else if (c === quote) quote = undefined
        continue
      }
      if (c === '"' || c === "'") {
        if (flow > 0 || valueStart) quote = c
        valueStart = false
      } else if (c === '#' && (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t'))
        break
      else if ((c === '[' || c === '{') && (flow > 0 || valueStart)) {
        flow++
        if (indents.length + depth + flow > limit) return i
      } else if ((c === ']' || c === '}') && flow > 0) flow--
      else if (c === ':' && (text[i + 1] === ' ' || i + 1 === lineEnd)) valueStart = flow === 0
      else if ((c === '|' || c === '>') && flow === 0 && valueStart) blockScalarIndent = indent
      else if (c !== ' ' && c !== '\t' && c !== ',') valueStart = false
    }
    if (indents.length + depth + flow > limit) return lineStart + indent
    lineStart = lineEnd + 1
  }
  return undefined
}
