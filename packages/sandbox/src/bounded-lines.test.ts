import { describe, expect, it } from 'vitest'
import { boundedLines } from './bounded-lines.js'

function split(chunks: readonly (string | Buffer)[], max: number): Array<[string, number]> {
  const out: Array<[string, number]> = []
  const lines = boundedLines(max, (line, cut) => out.push([line, cut]))
  for (const c of chunks) lines.push(typeof c === 'string' ? Buffer.from(c) : c)
  lines.end()
  return out
}

describe('boundedLines', () => {
  it('splits lines across chunks, CRLF included, and delivers an unterminated last line', () => {
    expect(split(['a\nb', 'c\r\n', '\nd'], 100)).toEqual([
      ['a', 0],
      ['bc', 0],
      ['', 0],
      ['d', 0],
    ])
    expect(split(['x\n'], 100)).toEqual([['x', 0]])
  })

  it('keeps at most max bytes of a line and counts what it dropped', () => {
    expect(split(['abcdef', 'ghij\nkl\n'], 4)).toEqual([
      ['abcd', 6],
      ['kl', 0],
    ])
  })

  it('splits a 256 MiB line in linear time and keeps only its head', () => {
    const chunk = Buffer.alloc(64 * 1024, 120)
    const out: Array<[number, number]> = []
    const lines = boundedLines(1024, (line, cut) => out.push([line.length, cut]))
    const started = performance.now()
    for (let i = 0; i < 4096; i++) lines.push(chunk)
    lines.push(Buffer.from('\n'))
    // Quadratic splitting (`rest + chunk`, then split) takes minutes here; linear, well under 1 s.
    expect(performance.now() - started).toBeLessThan(5000)
    expect(out).toEqual([[1024, 256 * 1024 * 1024 - 1024]])
  })
})
