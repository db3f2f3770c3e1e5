/** One entry of a tar archive: a regular file (with its bytes) or a folder. */
export interface TarEntry {
  /** The path inside the archive, relative, `/`-separated, never with `..` or a leading `/`. */
  readonly path: string
  readonly kind: 'file' | 'dir'
  readonly data: Uint8Array
}

const BLOCK = 512

/** A NUL-terminated ASCII field of a header. */
function field(header: Uint8Array, start: number, length: number): string {
  const bytes = header.subarray(start, start + length)
  const end = bytes.indexOf(0)
  return Buffer.from(end >= 0 ? bytes.subarray(0, end) : bytes).toString('utf8')
}

/** An octal number field of a header (space- or NUL-padded). */
function octal(header: Uint8Array, start: number, length: number, what: string): number {
  const text = field(header, start, length).trim()
  if (!/^[0-7]*$/.test(text)) throw new Error(`tar: ${what} is not an octal number: ${text}`)
  return text === '' ? 0 : Number.parseInt(text, 8)
}

/** The entry's path made relative and checked: no `..`, nothing outside the archive's root. */
function safePath(raw: string): string {
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.')
  if (parts.includes('..')) throw new Error(`tar: entry ${raw} leaves the archive's folder`)
  return parts.join('/')
}

/**
 * The regular files and folders of a ustar archive (the format PGlite's `dumpDataDir` writes),
 * in archive order. Other entry types (links, devices) are refused: a database folder has none.
 */
export function readTarEntries(archive: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = []
  let at = 0
  while (at + BLOCK <= archive.length) {
    const header = archive.subarray(at, at + BLOCK)
    if (header.every((b) => b === 0)) break
    const name = field(header, 0, 100)
    const prefix = field(header, 345, 155)
    const size = octal(header, 124, 12, `size of ${name}`)
    const type = String.fromCharCode(header[156] ?? 0)
    const path = safePath(prefix ? `${prefix}/${name}` : name)
    const start = at + BLOCK
    if (start + size > archive.length) throw new Error(`tar: entry ${name} is cut short`)
    if (type === '5') entries.push({ path, kind: 'dir', data: new Uint8Array(0) })
    else if (type === '0' || type === '\0')
      entries.push({ path, kind: 'file', data: archive.subarray(start, start + size) })
    else
      throw new Error(`tar: entry ${name} has type ${JSON.stringify(type)}, not a file or folder`)
    at = start + Math.ceil(size / BLOCK) * BLOCK
  }
  return entries
}
