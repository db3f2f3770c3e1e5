/**
 * How deep a JSON record may nest. `JSON.parse` reads any depth, but `JSON.stringify`, hashing
 * and copying recurse: a record 100k levels deep would end the stage with "Maximum call stack
 * size exceeded". Records deeper than this are invalid as read, with their position.
 */
export const MAX_RECORD_DEPTH = 64

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const OPEN_BRACKET = 0x5b
const CLOSE_BRACE = 0x7d
const CLOSE_BRACKET = 0x5d
const COMMA = 0x2c

/**
 * Scans JSON text once, outside strings, and calls `tooDeep(element, index)` for the first
 * place each element nests deeper than `limit` (elements: the items of a top-level array when
 * `elements` is set, else the whole text as element 0). Never recurses; a few ns a character.
 */
export function findTooDeep(
  text: string,
  limit: number,
  elements: boolean,
  tooDeep: (element: number, index: number) => void,
  /** When given, receives the index of each top-level `,` (the ends of elements but the last). */
  commas?: number[],
): void {
  const base = elements ? 1 : 0
  let depth = 0
  let element = 0
  let reported = -1
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i)
        if (d === BACKSLASH) i++
        else if (d === QUOTE) break
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++
      if (depth - base > limit && reported !== element) {
        reported = element
        tooDeep(element, i)
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--
    else if (c === COMMA && elements && depth === 1) {
      element++
      commas?.push(i)
    }
  }
}

/** True when a JSON line cannot nest deeper than `limit`: too few brackets to (the fast case). */
export function shallowEnough(line: string, limit: number): boolean {
  // Nesting n deep takes n opening brackets; most records have far fewer than the limit.
  if (line.length <= 2 * limit) return true
  let open = 0
  for (let i = line.indexOf('{'); i >= 0 && open <= limit; i = line.indexOf('{', i + 1)) open++
  for (let i = line.indexOf('['); i >= 0 && open <= limit; i = line.indexOf('[', i + 1)) open++
  return open <= limit
}
