import { isUtf8 } from 'node:buffer'

/**
 * What an invalid UTF-8 sequence decodes to, in place of U+FFFD: a lone low surrogate. No valid
 * UTF-8 encodes one (surrogates are excluded from UTF-8), so a raw one in the decoded text marks
 * exactly the bytes that were invalid, where U+FFFD could also have been in the file as such.
 */
export const INVALID_UTF8 = '\uDFFF'

/**
 * A streaming UTF-8 decoder that does not hide bad bytes: each maximal run of invalid bytes
 * becomes one {@link INVALID_UTF8} and its file byte offset is queued, in text order, for the
 * reader to name in the record's error. A chunk that is valid (nearly always) is checked and
 * decoded natively; only a chunk with bad bytes is decoded sequence by sequence.
 */
export class Utf8Text {
  /** Byte offsets of the invalid runs decoded and not yet claimed, in text order. */
  private readonly offsets: number[] = []
  private head = 0
  /** The bytes of a sequence cut by the chunk's end, kept for the next chunk. */
  private pending: Buffer | undefined
  /** File offset of the first byte of the next chunk (or of `pending`). */
  private at = 0

  /** True while some invalid run decoded so far has not been claimed. */
  get hasInvalid(): boolean {
    return this.head < this.offsets.length
  }

  /** Byte offset of the next invalid run in text order. */
  nextOffset(): number {
    const offset = this.offsets[this.head++] ?? -1
    if (this.head === this.offsets.length) {
      this.offsets.length = 0
      this.head = 0
    }
    return offset
  }

  /** Decodes a chunk; a sequence cut at its end waits for the next chunk. */
  write(chunk: Buffer): string {
    const buf = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk])
    const cut = buf.length - cutTail(buf)
    this.pending = cut < buf.length ? Buffer.from(buf.subarray(cut)) : undefined
    const text = this.decode(buf, cut)
    this.at += cut
    return text
  }

  /** Decodes what is left: a sequence cut by the end of the file is invalid. */
  end(): string {
    const rest = this.pending
    this.pending = undefined
    if (rest === undefined) return ''
    const text = this.decode(rest, rest.length)
    this.at += rest.length
    return text
  }

  private decode(buf: Buffer, end: number): string {
    const whole = end === buf.length ? buf : buf.subarray(0, end)
    if (isUtf8(whole)) return whole.toString('utf8')
    let text = ''
    let from = 0
    let i = 0
    while (i < end) {
      const n = sequenceLength(buf, i, end)
      if (n > 0) {
        i += n
        continue
      }
      text += buf.toString('utf8', from, i) + INVALID_UTF8
      this.offsets.push(this.at + i)
      i++
      while (i < end && sequenceLength(buf, i, end) === 0) i++
      from = i
    }
    return text + buf.toString('utf8', from, end)
  }
}

/** How many bytes at the end of `buf` start a sequence the next chunk may complete (0 to 3). */
function cutTail(buf: Buffer): number {
  for (let back = 1; back <= 3 && back <= buf.length; back++) {
    const b = buf[buf.length - back] as number
    if (b < 0x80) return 0
    if (b >= 0xc0) return back < leadLength(b) ? back : 0
  }
  return 0
}

const leadLength = (b: number): number =>
  b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 1

const cont = (b: number | undefined): boolean => b !== undefined && b >= 0x80 && b <= 0xbf

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629), or 0 when it is not one. */
function sequenceLength(buf: Buffer, i: number, end: number): number {
  const b = buf[i] as number
  if (b < 0x80) return 1
  const at = (k: number): number | undefined => (i + k < end ? buf[i + k] : undefined)
  const b1 = at(1)
  if (b >= 0xc2 && b <= 0xdf) return cont(b1) ? 2 : 0
  if (b >= 0xe0 && b <= 0xef) {
    const lo = b === 0xe0 ? 0xa0 : 0x80
    const hi = b === 0xed ? 0x9f : 0xbf
    return b1 !== undefined && b1 >= lo && b1 <= hi && cont(at(2)) ? 3 : 0
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const lo = b === 0xf0 ? 0x90 : 0x80
    const hi = b === 0xf4 ? 0x8f : 0xbf
    return b1 !== undefined && b1 >= lo && b1 <= hi && cont(at(2)) && cont(at(3)) ? 4 : 0
  }
  return 0
}
