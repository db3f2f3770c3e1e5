import { describe, expect, it } from 'vitest'
import { compileFeature } from './compile-feature.js'
import { formatDiagnostic } from './diagnostics/format-diagnostic.js'
import { memorySourceFs } from './memory-source-fs.js'
import { parseFeature } from './syntax/parse-feature.js'
import { GOOD_DSL, PROJECT } from './testing/feature-fixture.js'

/** A small deterministic PRNG (mulberry32): failures reproduce from the seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const TOKEN = /\s+|[()",=:@#]|[^\s()",=:@#]+/g
const ALPHABET = [
  '@',
  '(',
  ')',
  '"',
  "'",
  '"""',
  ',',
  '=',
  ':',
  '#',
  '\n',
  ' ',
  '\\',
  '{',
  '}',
  'when',
  'with',
  'Scenario:',
  'Feature:',
  '\u0000',
  '\u2028',
  '😀',
  '---',
  'Given the contract: ',
]

/** One random edit of a feature file: delete, duplicate or swap tokens, or insert noise. */
function mutate(text: string, next: () => number): string {
  const tokens = text.match(TOKEN) ?? []
  const pick = (): number => Math.floor(next() * Math.max(1, tokens.length))
  const edits = 1 + Math.floor(next() * 3)
  for (let e = 0; e < edits; e++) {
    const i = pick()
    switch (Math.floor(next() * 6)) {
      case 0:
        tokens.splice(i, 1)
        break
      case 1:
        tokens.splice(i, 0, tokens[i] ?? '')
        break
      case 2: {
        const j = pick()
        const t = tokens[i] ?? ''
        tokens[i] = tokens[j] ?? ''
        tokens[j] = t
        break
      }
      case 3:
        tokens.splice(i, 0, ALPHABET[Math.floor(next() * ALPHABET.length)] ?? '')
        break
      case 4:
        tokens.splice(i, 0, String.fromCharCode(Math.floor(next() * 0x3000)))
        break
      default:
        tokens.length = pick()
    }
  }
  return tokens.join('')
}

function checkOutcome(text: string, r: Awaited<ReturnType<typeof compileFeature>>): void {
  const errors = r.diagnostics.filter((d) => d.severity === 'error')
  expect(
    r.diagnostics.some((d) => d.code === 'RUNINK_DSL_INTERNAL'),
    JSON.stringify(r.diagnostics[0]),
  ).toBe(false)
  // Either a plan and no errors, or no plan and at least one error.
  expect(r.plan === undefined).toBe(errors.length > 0)
  const lines = text.split('\n').length
  for (const d of r.diagnostics) {
    if (d.file === '/p/f.dsl' && d.line !== undefined) {
      expect(d.line).toBeGreaterThanOrEqual(1)
      expect(d.line).toBeLessThanOrEqual(lines)
      expect(d.column).toBeGreaterThanOrEqual(1)
    }
    expect(typeof formatDiagnostic(d, r.sources.get(d.file))).toBe('string')
  }
}

describe('fuzzing', () => {
  it('never crashes on thousands of mutated feature files', async () => {
    const next = rng(20261123)
    let plans = 0
    for (let n = 0; n < 1500; n++) {
      const text = mutate(GOOD_DSL, next)
      const r = await compileFeature('/p/f.dsl', memorySourceFs({ ...PROJECT, '/p/f.dsl': text }))
      checkOutcome(text, r)
      if (r.plan !== undefined) plans++
    }
    // Some edits are harmless (whitespace, prose): the fuzzer must reach the compiler's end too.
    expect(plans).toBeGreaterThan(30)
  }, 20_000)

  it('parses thousands more mutants without crashing', () => {
    const next = rng(11)
    for (let n = 0; n < 3000; n++) {
      const { ast } = parseFeature(mutate(GOOD_DSL, next), 'x.dsl')
      expect(Object.isFrozen(ast)).toBe(true)
    }
  })

  it('never crashes the parser on random bytes', () => {
    const next = rng(7)
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(next() * 200)
      let text = ''
      for (let i = 0; i < length; i++)
        text +=
          ALPHABET[Math.floor(next() * ALPHABET.length)] ??
          String.fromCharCode(Math.floor(next() * 128))
      const { ast, diagnostics } = parseFeature(text, 'x.dsl')
      expect(Object.isFrozen(ast)).toBe(true)
      for (const d of diagnostics) expect(d.line).toBeGreaterThanOrEqual(1)
    }
  })
})
