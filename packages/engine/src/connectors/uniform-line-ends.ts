/** A CSV file's newline: what its first line ends with. */
export type Newline = '\r\n' | '\n' | '\r'

const LONE_LF = /(?<!\r)\n/

const QUOTE = 34
const LF = 10
const CR = 13

/**
 * CSV text whose rows all end with `newline`. Files that mix line endings (a CRLF file with
 * some rows ending in LF alone, or the other way round: concatenated or hand-edited files) would
 * otherwise have the stray ending read as data, silently (a lone LF inside the last field of a
 * CRLF file; a CR left at the end of a value in an LF file). Only row ends change: line breaks
 * inside quoted fields are data and stay as they are. A lone CR is a line break only in files
 * whose first line ends with one. `text` must start at the start of a row.
 */
export function uniformLineEnds(text: string, newline: Newline, delimiter: string): string {
  if (
    newline === '\n'
      ? !text.includes('\r\n')
      : newline === '\r\n'
        ? !LONE_LF.test(text)
        : !text.includes('\n')
  )
    return text
  const delim = delimiter.charCodeAt(0)
  const long = delimiter.length > 1
  let out = ''
  let from = 0
  // Field state: at its start, inside an unquoted one, inside a quoted one, or just after a
  // quote inside a quoted one (a doubled quote, or the closing one).
  let state: 'start' | 'plain' | 'quoted' | 'quote' = 'start'
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (state === 'quoted') {
      if (c === QUOTE) state = 'quote'
      continue
    }
    if (c === QUOTE) {
      state = state === 'start' || state === 'quote' ? 'quoted' : 'plain'
      continue
    }
    if (c === delim && (!long || text.startsWith(delimiter, i))) {
      i += delimiter.length - 1
      state = 'start'
      continue
    }
    if (newline === '\r' && c === CR) {
      state = 'start'
      continue
    }
    if (c !== LF) {
      state = 'plain'
      continue
    }
    // A row ends here: with CRLF when the LF follows a CR outside quotes, else with LF alone.
    const crlf = i > 0 && text.charCodeAt(i - 1) === CR && (newline !== '\r' || state === 'start')
    const ending = crlf ? '\r\n' : '\n'
    if (newline === '\r' && crlf) {
      // The CR already ended the row: drop the LF.
      out += text.slice(from, i)
      from = i + 1
    } else if (ending !== newline) {
      out += text.slice(from, crlf ? i - 1 : i) + newline
      from = i + 1
    }
    state = 'start'
  }
  return from === 0 ? text : out + text.slice(from)
}
