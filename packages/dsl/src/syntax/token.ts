import type { Span } from './span.js'

/** Kinds of tokens of a feature file. */
export const TokenKind = {
  /** `@name`: the start of an annotation. */
  at: 'at',
  lparen: 'lparen',
  rparen: 'rparen',
  comma: 'comma',
  equals: 'equals',
  colon: 'colon',
  string: 'string',
  /** A bare word: `5m`, `exponential`, `true`, `3`. */
  word: 'word',
  /** The end of a line of annotations. */
  eol: 'eol',
  /** `Feature: title`. */
  feature: 'feature',
  /** `Scenario: title`. */
  scenario: 'scenario',
  /** `Given/When/Then/And/But/Do text`. */
  narrative: 'narrative',
  /** Any other line: free prose. */
  prose: 'prose',
  /** `---`. */
  separator: 'separator',
  /** A character no token starts with. */
  invalid: 'invalid',
  eof: 'eof',
} as const
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind]

/** One token with its text (the title, prose, word or decoded string) and location. */
export interface Token {
  readonly kind: TokenKind
  /** The word, decoded string value, annotation name, title, or line text. */
  readonly text: string
  readonly span: Span
  /** Narrative keyword (`Given`, …) of a narrative token. */
  readonly keyword?: string
  /** Offset of a string's first content character. */
  readonly contentStart?: number
  /** True when a string's value is its source text character for character (no escapes). */
  readonly exact?: boolean
  /** Span of the title or text after the keyword. */
  readonly textSpan?: Span
}
