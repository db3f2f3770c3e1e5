import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { Reporter } from '../diagnostics/reporter.js'
import type { FeatureFile } from './ast.js'
import { lex } from './lexer.js'
import { Parser } from './parser.js'

/** The syntax tree of a feature file and the syntax problems found on the way. */
export interface ParseResult {
  readonly ast: FeatureFile
  readonly diagnostics: Diagnostic[]
}

/** Parses a feature file's text into an immutable AST; reports syntax problems, never throws. */
export function parseFeature(text: string, file: string): ParseResult {
  const report = new Reporter(file, text)
  const ast = parseInto(text, file, report)
  return { ast, diagnostics: report.diagnostics }
}

/** Parses with a caller's reporter (the checker continues with the same one). */
export function parseInto(text: string, file: string, report: Reporter): FeatureFile {
  const tokens = lex(text, report)
  return deepFreeze(new Parser(tokens, report).parseFile(file))
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}
