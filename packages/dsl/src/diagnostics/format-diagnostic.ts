import type { Diagnostic } from './diagnostic.js'
import { LineIndex } from './line-index.js'

/** Options of {@link formatDiagnostic}. */
export interface FormatOptions {
  /** ANSI colours for terminals (default false). */
  readonly color?: boolean
}

const paint = (on: boolean, code: string, text: string): string =>
  on ? `\u001b[${code}m${text}\u001b[0m` : text

/**
 * A diagnostic for people: `file:line:col: severity CODE: message`, the source line with a
 * caret under the span, and the hint. `sourceText` is the text of `d.file` (may be undefined).
 */
export function formatDiagnostic(
  d: Diagnostic,
  sourceText: string | undefined,
  options: FormatOptions = {},
): string {
  const color = options.color === true
  const where = d.line === undefined ? d.file : `${d.file}:${d.line}:${d.column ?? 1}`
  const sev = paint(
    color,
    d.severity === 'error' ? '31;1' : d.severity === 'warning' ? '33;1' : '36',
    d.severity,
  )
  const lines = [`${where}: ${sev} ${d.code}: ${d.message}`]
  if (d.line !== undefined && sourceText !== undefined) {
    const text = new LineIndex(sourceText).lineText(d.line).replace(/\t/g, ' ')
    const col = Math.max(1, d.column ?? 1)
    const endCol = d.endLine === d.line && d.endColumn !== undefined ? d.endColumn : text.length + 1
    const width = Math.max(1, Math.min(endCol, text.length + 1) - col)
    const gutter = String(d.line)
    lines.push(`${gutter} | ${text}`)
    lines.push(
      `${' '.repeat(gutter.length)} | ${' '.repeat(col - 1)}${paint(color, '32;1', '^'.repeat(width))}`,
    )
  }
  if (d.hint !== undefined) lines.push(`  hint: ${d.hint}`)
  return lines.join('\n')
}
