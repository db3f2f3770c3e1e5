import type { Severity } from '@runink/core'
import type { Span } from '../syntax/span.js'
import type { Diagnostic } from './diagnostic.js'
import type { DslCode } from './dsl-codes.js'
import { LineIndex } from './line-index.js'

/** Collects diagnostics located by spans of one source text. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = []
  private readonly index: LineIndex

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.index = new LineIndex(text)
  }

  /** Reports an error at a span. */
  error(code: DslCode, at: Span, message: string, hint?: string): void {
    this.report('error', code, at, message, hint)
  }

  /** Reports a warning at a span. */
  warning(code: DslCode, at: Span, message: string, hint?: string): void {
    this.report('warning', code, at, message, hint)
  }

  /** Reports a diagnostic of any severity at a span. */
  report(severity: Severity, code: DslCode, at: Span, message: string, hint?: string): void {
    const start = this.index.position(at.start)
    const end = this.index.position(Math.max(at.end, at.start))
    this.diagnostics.push({
      code,
      severity,
      message,
      file: this.file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      ...(hint === undefined || hint === '' ? {} : { hint }),
    })
  }

  /** Adds diagnostics located elsewhere (contract files, step modules). */
  add(d: Diagnostic): void {
    this.diagnostics.push(d)
  }

  /** True when an error has been reported. */
  hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error')
  }
}
