import { didYouMean } from '@runink/core'
import type { Reporter } from '../diagnostics/reporter.js'
import type {
  Annotation,
  Arg,
  ContractBinding,
  FeatureFile,
  FeatureNode,
  NarrativeLine,
  Value,
} from './ast.js'
import { MAX_ANNOTATION_DEPTH } from './feature-limits.js'
import { cover, span, type Span } from './span.js'
import type { Token, TokenKind } from './token.js'

const CONTRACT_LINE = /^the contract:\s*(\S+)\s*$/i
const KEYWORD_LIKE = /^([A-Z][A-Za-z]+)\s*:/
const CLAUSES = new Set(['when', 'with'])

interface ScenarioDraft {
  title: string
  titleSpan: Span
  span: Span
  annotations: Annotation[]
  narrative: NarrativeLine[]
  description: string[]
  contracts: ContractBinding[]
}

/** Recursive-descent parser over the tokens of {@link lex}; reports and recovers, never throws. */
export class Parser {
  private i = 0
  /** Annotations open around the one being parsed. */
  private depth = 0
  /** A too-deep annotation skipped the rest of the line: its parents' `(` are not unclosed. */
  private abandoned = false

  constructor(
    private readonly tokens: readonly Token[],
    private readonly report: Reporter,
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token
  }

  private next(): Token {
    const t = this.peek()
    if (this.i < this.tokens.length - 1) this.i++
    return t
  }

  private at(kind: TokenKind): boolean {
    return this.peek().kind === kind
  }

  /** file := item* EOF */
  parseFile(file: string): FeatureFile {
    const fileAnnotations: Annotation[] = []
    let feature: (FeatureNode & { description: string[]; narrative: NarrativeLine[] }) | undefined
    const scenarios: ScenarioDraft[] = []
    const current = (): ScenarioDraft | undefined => scenarios.at(-1)
    while (!this.at('eof')) {
      const t = this.peek()
      switch (t.kind) {
        case 'at': {
          const a = this.parseAnnotation()
          ;(current()?.annotations ?? fileAnnotations).push(a)
          break
        }
        case 'feature':
          this.next()
          if (feature !== undefined || scenarios.length > 0)
            this.report.error(
              'RUNINK_DSL_DUPLICATE_FEATURE',
              t.span,
              'a file holds one Feature, before its scenarios',
              'split the file, or make this a Scenario',
            )
          else
            feature = {
              title: normalizeTitle(t.text),
              titleSpan: t.textSpan ?? t.span,
              description: [],
              narrative: [],
            }
          break
        case 'scenario':
          this.next()
          scenarios.push({
            title: normalizeTitle(t.text),
            titleSpan: t.textSpan ?? t.span,
            span: t.span,
            annotations: [],
            narrative: [],
            description: [],
            contracts: [],
          })
          break
        case 'narrative': {
          this.next()
          const line: NarrativeLine = {
            keyword: t.keyword ?? '',
            text: t.text.trim(),
            span: t.span,
          }
          const m = CONTRACT_LINE.exec(t.text)
          const s = current()
          if (m !== null && s !== undefined) {
            const ref = m[1] ?? ''
            const start = (t.textSpan?.start ?? t.span.start) + t.text.lastIndexOf(ref)
            s.contracts.push({ ref, span: span(start, start + ref.length) })
          } else (s ?? feature)?.narrative.push(line)
          break
        }
        case 'prose': {
          this.next()
          this.checkKeywordTypo(t)
          ;(current() ?? feature)?.description.push(t.text.trim())
          break
        }
        case 'separator':
        case 'eol':
          this.next()
          break
        default:
          this.unexpected(this.next(), 'an annotation, a Feature: or Scenario: line')
      }
    }
    return {
      file,
      annotations: fileAnnotations,
      ...(feature === undefined ? {} : { feature }),
      scenarios,
    }
  }

  /** annotation := AT ( "(" args ")" )?, nested at most {@link MAX_ANNOTATION_DEPTH} deep. */
  private parseAnnotation(): Annotation {
    if (this.depth === 0) this.abandoned = false
    if (this.depth >= MAX_ANNOTATION_DEPTH) return this.tooDeep()
    this.depth++
    try {
      return this.parseAnnotationBody()
    } finally {
      this.depth--
    }
  }

  /** Reports an annotation nested too deep and skips the rest of its line (no recursion). */
  private tooDeep(): Annotation {
    const at = this.next()
    this.report.error(
      'RUNINK_DSL_TOO_DEEP',
      at.span,
      `@${at.text} is nested ${MAX_ANNOTATION_DEPTH + 1} annotations deep; at most ${MAX_ANNOTATION_DEPTH}`,
    )
    while (this.peek().kind !== 'eol' && this.peek().kind !== 'eof') this.next()
    this.abandoned = true
    return { name: at.text, nameSpan: at.span, args: [], span: at.span }
  }

  private parseAnnotationBody(): Annotation {
    const at = this.next()
    if (at.text === '')
      this.report.error(
        'RUNINK_DSL_UNEXPECTED_TOKEN',
        at.span,
        'expected an annotation name after "@"',
      )
    const args: Arg[] = []
    let end = at.span
    if (this.at('lparen')) {
      const open = this.next()
      end = open.span
      for (;;) {
        const t = this.peek()
        if (t.kind === 'rparen') {
          end = this.next().span
          break
        }
        if (t.kind === 'eol' || t.kind === 'eof') {
          if (this.abandoned) break // the too-deep annotation inside was already reported
          this.report.error(
            'RUNINK_DSL_UNCLOSED_PAREN',
            cover(at.span, open.span),
            `"(" of @${at.text} is never closed`,
            'add ")" at the end of the arguments',
          )
          break
        }
        if (t.kind === 'comma') {
          this.next()
          continue
        }
        const arg = this.parseArg()
        if (arg === undefined) {
          this.skipToArgEnd()
          continue
        }
        args.push(arg)
        end = arg.span
      }
    }
    return { name: at.text, nameSpan: at.span, args, span: cover(at.span, end) }
  }

  /** arg := WORD ("="|":") value | ("when"|"with") STRING | value */
  private parseArg(): Arg | undefined {
    const t = this.peek()
    const after = this.peek(1)
    const named = t.kind === 'word' && (after.kind === 'equals' || after.kind === 'colon')
    const clause = t.kind === 'word' && CLAUSES.has(t.text) && after.kind === 'string'
    if (named || clause) {
      this.next()
      if (named) this.next()
      const value = this.parseValue()
      if (value === undefined) return undefined
      return {
        name: t.text,
        nameSpan: t.span,
        style: named ? 'named' : 'clause',
        value,
        span: cover(t.span, value.span),
      }
    }
    const value = this.parseValue()
    return value === undefined ? undefined : { style: 'positional', value, span: value.span }
  }

  /** value := STRING | WORD | annotation */
  private parseValue(): Value | undefined {
    const t = this.peek()
    if (t.kind === 'string') {
      this.next()
      return {
        kind: 'string',
        value: t.text,
        span: t.span,
        contentStart: t.contentStart ?? t.span.start + 1,
        exact: t.exact === true,
      }
    }
    if (t.kind === 'word') {
      this.next()
      return { kind: 'word', value: t.text, span: t.span }
    }
    if (t.kind === 'at') {
      const annotation = this.parseAnnotation()
      return { kind: 'annotation', annotation, span: annotation.span }
    }
    if (t.kind === 'eol' || t.kind === 'eof' || t.kind === 'rparen') {
      this.report.error(
        'RUNINK_DSL_UNEXPECTED_TOKEN',
        t.span,
        'expected a value',
        'write a "string", a word such as 5m, or an annotation',
      )
      return undefined
    }
    this.unexpected(this.next(), 'a value')
    return undefined
  }

  /** Skips to the next comma, ")" or end of line after a bad argument. */
  private skipToArgEnd(): void {
    while (!['comma', 'rparen', 'eol', 'eof'].includes(this.peek().kind)) this.next()
  }

  private unexpected(t: Token, expected: string): void {
    const shown = t.kind === 'eol' ? 'end of line' : JSON.stringify(t.text)
    this.report.error(
      'RUNINK_DSL_UNEXPECTED_TOKEN',
      t.span,
      `unexpected ${shown}: expected ${expected}`,
    )
  }

  /** `Scenaro:` is prose to the grammar, but almost surely a typo: say so. */
  private checkKeywordTypo(t: Token): void {
    const m = KEYWORD_LIKE.exec(t.text)
    const word = m?.[1]
    if (word === undefined) return
    const guess = didYouMean(word, ['Feature', 'Scenario'])
    if (guess !== undefined)
      this.report.error(
        'RUNINK_DSL_UNKNOWN_KEYWORD',
        span(t.span.start, t.span.start + word.length),
        `"${word}:" is not a keyword`,
        `did you mean "${guess}:"?`,
      )
  }
}

/** Titles are identifiers: surrounding and repeated whitespace does not count. */
function normalizeTitle(title: string): string {
  return title.trim().replace(/\s+/g, ' ')
}
