import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { Reporter } from '../diagnostics/reporter.js'
import type { FeatureFile } from './ast.js'
import { featureSizeProblem } from './feature-limits.js'
import { lex } from './lexer.js'
import { Parser } from './parser.js'

/** The syntax tree of a feature file and the syntax problems found on the way. */
export interface ParseResult {
  readonly ast: FeatureFile
  readonly diagnostics: Diagnostic[]
}

/** Parses a feature file's text into an immutable AST; reports syntax problems, never throws. */
export function parseFeature(text: string, file: string): ParseResult {
  // An oversize text is refused before anything is built over it (not even its line index).
  const report = new Reporter(file, featureSizeProblem(text) === undefined ? text : '')
  const ast = parseInto(text, file, report)
  return { ast, diagnostics: report.diagnostics }
}

/** Parses with a caller's reporter (the checker continues with the same one). */
export function parseInto(text: string, file: string, report: Reporter): FeatureFile {
  const tooLarge = featureSizeProblem(text)
  if (tooLarge !== undefined) {
    report.add({ code: 'RUNINK_DSL_FILE_TOO_LARGE', severity: 'error', message: tooLarge, file })
    return Object.freeze({ file, annotations: [], scenarios: [] })
  }
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
