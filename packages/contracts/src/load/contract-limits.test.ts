import { describe, expect, it } from 'vitest'
import { MAX_CONTRACT_CHARS } from './contract-limits.js'
import { parseContract } from './parse-contract.js'

const HEAD = 'contract: t\nversion: 1.0.0\n'

/** A "billion laughs" document: nine levels of nine aliases each (9^9 strings once expanded). */
function aliasBomb(): string {
  const levels = 'abcdefghi'
  let text = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
  for (let i = 1; i < levels.length; i++) {
    const prev = levels[i - 1] as string
    text += `${levels[i]}: &${levels[i]} [${Array(9).fill(`*${prev}`).join(',')}]\n`
  }
  return text + HEAD + 'fields: *i\n'
}

describe('contract file limits', () => {
  it('refuses an alias bomb at once with a coded error at its first alias', () => {
    const { contract, problems } = parseContract(aliasBomb(), 'bomb.yaml')
    expect(contract).toBeUndefined()
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'RUNINK_CONTRACT_TOO_LARGE',
        file: 'bomb.yaml',
        line: 2,
        column: 8,
        message: expect.stringContaining(
          "aliases expand to too many nodes (the yaml library's maxAliasCount is 100)",
        ) as unknown,
      }),
    ])
  }, 3000)

  it('still loads a contract that reuses a field through an alias', () => {
    const text = `${HEAD}fields:\n  a: &s { type: string, length: { max: 8 } }\n  b: *s\n  c: *s\n`
    const { contract, problems } = parseContract(text)
    expect(problems).toEqual([])
    expect(contract?.model.fields.c).toMatchObject({ type: 'string', length: { max: 8 } })
  })

  it('refuses a text over 1 MiB before parsing it', () => {
    const text = HEAD + 'fields:\n  a: string\n' + '#'.repeat(MAX_CONTRACT_CHARS)
    expect(parseContract(text, 'big.yaml').problems).toEqual([
      expect.objectContaining({
        code: 'RUNINK_CONTRACT_TOO_LARGE',
        line: 1,
        message: expect.stringContaining('at most 1048576 (1 MiB) are read') as unknown,
      }),
    ])
  })

  it('reports YAML and JSON nested 100k deep as a coded error, not "Maximum call stack size exceeded" syntax', () => {
    const flow = `${HEAD}fields: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`
    const json = `{"contract":"t","version":"1.0.0","fields":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`
    for (const text of [flow, json]) {
      const { problems } = parseContract(text, 'deep.yaml')
      expect(problems.length).toBeGreaterThan(0)
      for (const p of problems) {
        expect(p).toMatchObject({ code: 'RUNINK_CONTRACT_TOO_LARGE', file: 'deep.yaml' })
        expect(p.message).toContain('the document nests deeper than 64 levels')
        expect(p.line).toBeGreaterThanOrEqual(1)
      }
    }
  }, 20_000)

  it('refuses objects nested 100 deep, which the parser reads, at the first level too deep', () => {
    let fields = '{ type: string }'
    for (let i = 0; i < 100; i++) fields = `{ type: object, fields: { f: ${fields} } }`
    const { problems } = parseContract(`${HEAD}fields:\n  top: ${fields}\n`, 'nest.yaml')
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'RUNINK_CONTRACT_TOO_LARGE',
        line: 4,
        message: 'the document nests deeper than 64 levels',
      }),
    ])
  })
})
