import type { Reporter } from '../diagnostics/reporter.js'
import { span } from './span.js'
import { TokenKind, type Token } from './token.js'

const HEADING = /^(Feature|Scenario)[ \t]*:[ \t]*/
const NARRATIVE = /^(Given|When|Then|And|But|Do)(?=[ \t]|$)[ \t]*/
const WORD_START = /[A-Za-z0-9_-]/
const WORD_PART = /[A-Za-z0-9_.\-+]/
const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '"': '"',
  "'": "'",
  '\\': '\\',
}

/**
 * Splits a feature file into tokens. Lines are classified at their start: annotation lines
 * (first character `@`) are split into fine tokens, and may continue on the next lines while a
 * parenthesis is open; every other line becomes one token (heading, narrative, prose or
 * separator). Comments (`#` at a line start or after annotations) and blank lines vanish.
 */
export function lex(text: string, report: Reporter): Token[] {
  const tokens: Token[] = []
  let pos = 0
  const n = text.length

  const lineEnd = (from: number): number => {
    const i = text.indexOf('\n', from)
    return i < 0 ? n : i
  }
  const skipBlanks = (from: number, to: number): number => {
    let i = from
    while (i < to && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++
    return i
  }
  const trimEnd = (from: number, to: number): number => {
    let e = to
    while (e > from && /\s/.test(text[e - 1] ?? '')) e--
    return e
  }

  /** Whether the line after `from` can continue an annotation whose parenthesis is open. */
  const continues = (nextLine: number): boolean => {
    if (nextLine >= n) return false
    const s = skipBlanks(nextLine, lineEnd(nextLine))
    const rest = text.slice(s, lineEnd(nextLine))
    return (
      rest.trim() !== '' && !HEADING.test(rest) && !NARRATIVE.test(rest) && !rest.startsWith('#')
    )
  }

  const lexString = (start: number): number => {
    const quote = text[start] ?? '"'
    if (text.startsWith('"""', start)) {
      const close = text.indexOf('"""', start + 3)
      if (close < 0) {
        report.error(
          'RUNINK_DSL_UNTERMINATED_STRING',
          span(start, n),
          'unterminated """ string',
          'close it with """',
        )
        tokens.push({
          kind: 'string',
          text: text.slice(start + 3),
          span: span(start, n),
          contentStart: start + 3,
          exact: true,
        })
        return n
      }
      tokens.push({
        kind: 'string',
        text: text.slice(start + 3, close),
        span: span(start, close + 3),
        contentStart: start + 3,
        exact: true,
      })
      return close + 3
    }
    let i = start + 1
    let value = ''
    let exact = true
    while (i < n && text[i] !== quote && text[i] !== '\n') {
      const c = text[i] ?? ''
      if (c === '\\' && i + 1 < n && text[i + 1] !== '\n') {
        const e = text[i + 1] ?? ''
        const u = /^u\{([0-9a-fA-F]{1,6})\}|^u([0-9a-fA-F]{4})/.exec(text.slice(i + 1, i + 10))
        const code = u === null ? undefined : Number.parseInt(u[1] ?? u[2] ?? '', 16)
        if (u !== null && code !== undefined && code <= 0x10ffff) {
          value += String.fromCodePoint(code)
          i += 1 + u[0].length
        } else if (ESCAPES[e] !== undefined) {
          value += ESCAPES[e]
          i += 2
        } else {
          // Unknown escapes stay as written, so regular expressions like "\d" survive.
          value += c + e
          i += 2
          continue
        }
        exact = false
        continue
      }
      value += c
      i++
    }
    if (text[i] !== quote) {
      report.error(
        'RUNINK_DSL_UNTERMINATED_STRING',
        span(start, i),
        'unterminated string',
        `close it with ${quote} on the same line, or use """ for text over several lines`,
      )
      tokens.push({
        kind: 'string',
        text: value,
        span: span(start, i),
        contentStart: start + 1,
        exact,
      })
      return i
    }
    tokens.push({
      kind: 'string',
      text: value,
      span: span(start, i + 1),
      contentStart: start + 1,
      exact,
    })
    return i + 1
  }

  /** Lexes annotation tokens from `start`; returns the offset after the consumed text. */
  const lexAnnotations = (start: number): number => {
    let i = start
    let depth = 0
    while (i < n) {
      const c = text[i] ?? ''
      if (c === '\n') {
        if (depth > 0 && continues(i + 1)) {
          i++
          continue
        }
        break
      }
      if (c === ' ' || c === '\t' || c === '\r') i++
      else if (c === '#') i = lineEnd(i)
      else if (c === '@') {
        let j = i + 1
        while (j < n && /[A-Za-z0-9_.]/.test(text[j] ?? '')) j++
        tokens.push({ kind: 'at', text: text.slice(i + 1, j), span: span(i, j) })
        i = j
      } else if (c === '(' || c === ')') {
        depth = Math.max(0, depth + (c === '(' ? 1 : -1))
        tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', text: c, span: span(i, i + 1) })
        i++
      } else if (c === ',' || c === '=' || c === ':') {
        const kind = c === ',' ? TokenKind.comma : c === '=' ? TokenKind.equals : TokenKind.colon
        tokens.push({ kind, text: c, span: span(i, i + 1) })
        i++
      } else if (c === '"' || c === "'") i = lexString(i)
      else if (WORD_START.test(c)) {
        let j = i + 1
        while (j < n && WORD_PART.test(text[j] ?? '')) j++
        tokens.push({ kind: 'word', text: text.slice(i, j), span: span(i, j) })
        i = j
      } else {
        const cp = text.codePointAt(i) ?? 0
        const len = cp > 0xffff ? 2 : 1
        tokens.push({ kind: 'invalid', text: text.slice(i, i + len), span: span(i, i + len) })
        i += len
      }
    }
    tokens.push({ kind: 'eol', text: '', span: span(i, i) })
    return i
  }

  while (pos < n) {
    const end = lineEnd(pos)
    const s = skipBlanks(pos, end)
    const line = text.slice(s, end)
    if (line.trim() === '' || line.startsWith('#')) {
      pos = end + 1
      continue
    }
    if (line.startsWith('@')) {
      pos = lexAnnotations(s) + 1
      continue
    }
    const e = trimEnd(s, end)
    const heading = HEADING.exec(line)
    const narrative = heading === null ? NARRATIVE.exec(line) : null
    if (heading !== null) {
      const kind = heading[1] === 'Feature' ? TokenKind.feature : TokenKind.scenario
      const ts = s + heading[0].length
      tokens.push({ kind, text: text.slice(ts, e), span: span(s, e), textSpan: span(ts, e) })
    } else if (narrative !== null) {
      const ts = s + narrative[0].length
      tokens.push({
        kind: 'narrative',
        keyword: narrative[1] ?? '',
        text: text.slice(ts, e),
        span: span(s, e),
        textSpan: span(ts, e),
      })
    } else if (/^-{3,}$/.test(text.slice(s, e))) {
      tokens.push({ kind: 'separator', text: '---', span: span(s, e) })
    } else {
      tokens.push({ kind: 'prose', text: text.slice(s, e), span: span(s, e) })
    }
    pos = end + 1
  }
  tokens.push({ kind: 'eof', text: '', span: span(n, n) })
  return tokens
}
