import { describe, expect, it } from 'vitest'
import { parseFeature } from './parse-feature.js'

describe('parseFeature', () => {
  it('builds an AST with positions, clauses, nested annotations and multi-line arguments', () => {
    const text = [
      '@feature(name="F") # trailing comment',
      'Feature: F',
      '  prose',
      'Scenario:  Two   words ',
      '  @source("jsonl://in.jsonl" @window(sliding:10m, every:2m) @meta(a="b")) @cache(false)',
      '  @sink("jsonl://dlq.jsonl" when "!record.valid" with "role=ops")',
      '  @step("sql", query="""SELECT *',
      'FROM input""")',
      '  @requires(',
      '    cpu="1",',
      '    memory="1Gi")',
      '  Given the contract: c@1.0.0',
      '  When "quoted" things happen',
    ].join('\n')
    const { ast, diagnostics } = parseFeature(text, 'f.dsl')
    expect(diagnostics).toEqual([])
    expect(ast.annotations.map((a) => a.name)).toEqual(['feature'])
    const s = ast.scenarios[0]
    expect(s?.title).toBe('Two words')
    expect(s?.annotations.map((a) => a.name)).toEqual([
      'source',
      'cache',
      'sink',
      'step',
      'requires',
    ])
    const source = s?.annotations[0]
    expect(
      source?.args.map((a) =>
        a.value.kind === 'annotation' ? `@${a.value.annotation.name}` : a.value.value,
      ),
    ).toEqual(['jsonl://in.jsonl', '@window', '@meta'])
    const sink = s?.annotations[2]
    expect(sink?.args.map((a) => [a.style, a.name])).toEqual([
      ['positional', undefined],
      ['clause', 'when'],
      ['clause', 'with'],
    ])
    const query = s?.annotations[3]?.args[1]
    expect(query?.value.kind === 'string' ? query.value.value : '').toBe('SELECT *\nFROM input')
    expect(s?.annotations[4]?.args.map((a) => a.name)).toEqual(['cpu', 'memory'])
    expect(s?.contracts).toEqual([
      {
        ref: 'c@1.0.0',
        span: { start: text.indexOf('c@1.0.0'), end: text.indexOf('c@1.0.0') + 7 },
      },
    ])
    expect(s?.narrative).toEqual([
      { keyword: 'When', text: '"quoted" things happen', span: expect.any(Object) },
    ])
    expect(ast.feature?.description).toEqual(['prose'])
    expect(Object.isFrozen(s?.annotations[0]?.args)).toBe(true)
  })

  it('decodes escapes and keeps unknown ones as written', () => {
    const { ast } = parseFeature('Scenario: x\n  @assert("a\\"b\\n\\d\\u{1F600}")', 'f.dsl')
    const v = ast.scenarios[0]?.annotations[0]?.args[0]?.value
    expect(v?.kind === 'string' && v.value).toBe('a"b\n\\d😀')
    expect(v?.kind === 'string' && v.exact).toBe(false)
  })
})
