import Papa from 'papaparse'
import { uniformLineEnds, type Newline } from './uniform-line-ends.js'

/** A CSV problem at a line of the input: the reader turns it into a SourceError. */
export interface CsvProblem {
  readonly line: number
  readonly message: string
}

/** What {@link CsvRows.push} gives back: the complete rows of the text so far, or a problem. */
export type CsvRowsResult = { readonly rows: string[][] } | { readonly problem: CsvProblem }

/** The newline of a text: CRLF or LF at its first line break (a lone CR for old Mac files). */
function newlineOf(text: string): Newline | undefined {
  const lf = text.indexOf('\n')
  if (lf > 0 && text[lf - 1] === '\r') return '\r\n'
  if (lf >= 0) return '\n'
  return text.includes('\r') ? '\r' : undefined
}

/** How many times `char` occurs in `text` before position `to`. */
function countBefore(text: string, char: string, to: number): number {
  let n = 0
  for (let i = text.indexOf(char); i >= 0 && i < to; i = text.indexOf(char, i + 1)) n++
  return n
}

const QUOTE_MESSAGES: Readonly<Record<string, string>> = {
  MissingQuotes: 'a quoted field is never closed (its closing quote is missing)',
  InvalidQuotes: 'a quoted field has text between its closing quote and the next delimiter',
}

/**
 * Splits CSV text that arrives in pieces into rows of strings with papaparse's core parser,
 * keeping the incomplete last row for the next piece. Every row must have as many fields as the
 * first (the header); a row that does not, or a broken quoted field, is a problem naming the
 * line the row starts on (embedded newlines counted). Empty lines give no row. A leading BOM is
 * dropped; the newline (CRLF, LF or CR) is the one the first line ends with, and rows that end
 * with the other of CRLF and LF are read as if they ended with it (`uniformLineEnds`).
 */
export class CsvRows {
  private rest = ''
  /** The line `rest` starts on. */
  private restLine = 1
  private parser: Papa.Parser | undefined
  private newline: Newline = '\n'
  private width = -1

  constructor(private readonly delimiter: string) {}

  /** Adds the next piece of text; `last` marks the end of the input. */
  push(piece: string, last: boolean): CsvRowsResult {
    let text = this.rest + piece
    if (this.parser === undefined) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      const newline = newlineOf(text)
      if (newline === undefined && !last) {
        this.rest = text
        return { rows: [] }
      }
      this.newline = newline ?? '\n'
      this.parser = new Papa.Parser({ delimiter: this.delimiter, newline: this.newline })
    }
    text = uniformLineEnds(text, this.newline, this.delimiter)
    const result = this.parser.parse(text, 0, !last) as Papa.ParseResult<string[]>
    const { data } = result
    // An error on the row still open at the end of a piece is read again with the next piece.
    const error = result.errors.find((e) => last || (e.row ?? 0) < data.length)
    if (error !== undefined) {
      const message = QUOTE_MESSAGES[error.code] ?? error.message
      return { problem: { line: this.lineOfRow(text, error.row ?? 0), message } }
    }
    const rows: string[][] = []
    let starts: number[] | undefined
    for (let i = 0; i < data.length; i++) {
      const row = data[i]!
      if (row.length === 1 && row[0] === '') {
        // An empty line gives no row; in a one-column file, `""` is a row with an empty value.
        if (this.width !== 1) continue
        starts ??= this.rowStarts(text)
        if (text[starts[i] ?? 0] !== '"') continue
      }
      if (this.width < 0) this.width = row.length
      else if (row.length !== this.width) {
        const message = `this record has ${row.length} field(s), the header has ${this.width}`
        return { problem: { line: this.lineOfRow(text, i), message } }
      }
      rows.push(row)
    }
    const consumed = last ? text.length : result.meta.cursor
    this.restLine += countBefore(text, this.lineBreak(), consumed)
    this.rest = text.slice(consumed)
    return { rows }
  }

  /** The character counted as a line break: LF, or CR in files that use CR alone. */
  private lineBreak(): string {
    return this.newline === '\r' ? '\r' : '\n'
  }

  /**
   * Where each row of `text` starts. Rows carry no positions, so this parses the text again a
   * row at a time (only to place a problem, or to tell an empty line from a `""` row).
   */
  private rowStarts(text: string): number[] {
    const starts = [0]
    new Papa.Parser({
      delimiter: this.delimiter,
      newline: this.newline,
      step: (r: Papa.ParseStepResult<string[][]>) => {
        if (r.data.length > 0) starts.push(r.meta.cursor)
      },
    }).parse(text, 0, false)
    return starts
  }

  /** The line row `index` of `text` starts on. */
  private lineOfRow(text: string, index: number): number {
    const starts = this.rowStarts(text)
    const start = starts[Math.min(index, starts.length - 1)]!
    return this.restLine + countBefore(text, this.lineBreak(), start)
  }
}
