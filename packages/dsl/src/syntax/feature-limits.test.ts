import { describe, expect, it } from 'vitest'
import { besidesNotEnforced, compileFixture, GOOD_DSL } from '../testing/feature-fixture.js'
import { MAX_ANNOTATION_DEPTH, MAX_FEATURE_CHARS } from './feature-limits.js'
import { parseFeature } from './parse-feature.js'

const codes = (ds: ReadonlyArray<{ code: string }>): string[] => ds.map((d) => d.code)

describe('feature file limits', () => {
  it('refuses a feature file over 1 MiB with one clear error, before lexing it', async () => {
    const huge = GOOD_DSL + '#'.repeat(MAX_FEATURE_CHARS)
    const parsed = parseFeature(huge, 'big.dsl')
    expect(codes(parsed.diagnostics)).toEqual(['RUNINK_DSL_FILE_TOO_LARGE'])
    expect(parsed.diagnostics[0]?.message).toMatch(/at most 1048576 \(1 MiB\)/)
    const compiled = await compileFixture(huge)
    expect(compiled.plan).toBeUndefined()
    expect(compiled.diagnostics).toEqual([
      expect.objectContaining({ code: 'RUNINK_DSL_FILE_TOO_LARGE', file: '/p/f.dsl' }),
    ])
  })

  it('returns at most 1000 diagnostics and says how many there were', async () => {
    const compiled = await compileFixture(GOOD_DSL + '@'.repeat(100_000))
    expect(compiled.diagnostics).toHaveLength(1001)
    expect(compiled.diagnostics[1000]).toMatchObject({
      code: 'RUNINK_DSL_TOO_MANY_PROBLEMS',
      message: expect.stringMatching(/^\d+ problems; the first 1000 are shown$/) as unknown,
    })
  })

  it('compiles a feature file at the limit', async () => {
    const padded = GOOD_DSL + '#'.repeat(MAX_FEATURE_CHARS - GOOD_DSL.length - 1) + '\n'
    expect(padded.length).toBe(MAX_FEATURE_CHARS)
    expect(besidesNotEnforced((await compileFixture(padded)).diagnostics)).toEqual([])
  })

  it('reports annotations nested 100k deep as one coded error with its position, not a stack overflow', async () => {
    const deep = `@source("csv://x.csv" ${'@meta('.repeat(100_000)}${')'.repeat(100_000)})`
    const text = GOOD_DSL.replace('@source("csv://data/trades.csv" @meta(vendor="acme"))', deep)
    const parsed = parseFeature(text, 'deep.dsl')
    expect(codes(parsed.diagnostics)).toEqual(['RUNINK_DSL_TOO_DEEP'])
    const [d] = parsed.diagnostics
    expect(d).toMatchObject({ line: 13, column: 115, file: 'deep.dsl' })
    expect(d?.message).toContain(`at most ${MAX_ANNOTATION_DEPTH}`)
    const compiled = await compileFixture(text)
    expect(codes(compiled.diagnostics)).toContain('RUNINK_DSL_TOO_DEEP')
    expect(codes(compiled.diagnostics)).not.toContain('RUNINK_DSL_INTERNAL')
  })

  it('reports a CEL expression nested 100k deep as a coded error, not a stack overflow', async () => {
    const text = GOOD_DSL.replace('"record.price > 0.0"', `"${'!'.repeat(100_000)}true"`)
    const compiled = await compileFixture(text)
    expect(codes(besidesNotEnforced(compiled.diagnostics))).toEqual(['RUNINK_DSL_CEL_SYNTAX'])
    expect(besidesNotEnforced(compiled.diagnostics)[0]?.message).toBe(
      'filter: the expression nests deeper than 250 levels (at character 251)',
    )
  })

  it('refuses a filter whose matches() pattern RE2 cannot run (backreference)', async () => {
    const text = GOOD_DSL.replace(
      '"record.price > 0.0"',
      `"record.account.matches('(a)\\\\\\\\1')"`,
    )
    const compiled = await compileFixture(text)
    expect(besidesNotEnforced(compiled.diagnostics)).toEqual([
      expect.objectContaining({
        code: 'RUNINK_DSL_CEL_SYNTAX',
        message: expect.stringContaining('not an RE2 pattern: invalid escape sequence') as unknown,
      }),
    ])
  })
})
