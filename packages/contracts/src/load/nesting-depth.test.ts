import { describe, expect, it } from 'vitest'
import { nestingTooDeepAt } from './nesting-depth.js'

describe('nestingTooDeepAt', () => {
  it('finds deep flow, JSON, block mappings and inline sequences', () => {
    expect(nestingTooDeepAt(`a: ${'['.repeat(10)}${']'.repeat(10)}`, 8)).toBe(10)
    expect(nestingTooDeepAt(`{"a":${'{"a":'.repeat(10)}1${'}'.repeat(11)}`, 8)).toBe(35)
    const block = Array.from({ length: 10 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')
    expect(nestingTooDeepAt(block, 8)).toBe(block.indexOf(' '.repeat(8) + 'a') + 8)
    expect(nestingTooDeepAt(`a:\n  ${'- '.repeat(10)}x\n`, 8)).toBe(5)
  })

  it('does not count brackets in quotes, comments, plain scalars and block scalars', () => {
    const text = [
      'contract: t',
      'fields:',
      `  a: { type: string, pattern: "${'['.repeat(50)}" }`,
      `  b: { type: string, pattern: '${'{'.repeat(50)}' } # ${'['.repeat(50)}`,
      '  c:',
      `    pattern: ^[a-z${'['.repeat(50)}`,
      `  d: { type: string, description: "multi ${'['.repeat(20)}`,
      `     line ${'{'.repeat(40)}" }`,
      '  e:',
      '    description: |',
      `      ${'['.repeat(50)}`,
      `        ${'{'.repeat(50)}`,
      '    type: string',
      `  f: plain ${'['.repeat(50)}`,
    ].join('\n')
    expect(nestingTooDeepAt(text, 8)).toBeUndefined()
  })

  it('passes every shallow shape at its real depth', () => {
    const text = 'a:\n  - b: [1, {c: [2]}]\n    d:\n      e: 1\n'
    expect(nestingTooDeepAt(text, 6)).toBeUndefined()
    expect(nestingTooDeepAt(text, 3)).toBeDefined()
  })
})
