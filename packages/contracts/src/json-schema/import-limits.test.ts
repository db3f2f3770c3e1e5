import { describe, expect, it } from 'vitest'
import { fromJsonSchema } from './from-json-schema.js'

const NAMED = { name: 'x', version: '1.0.0' }

describe('fromJsonSchema on hostile schemas', () => {
  it('reports a schema nested 20k deep as a problem, not a stack overflow', () => {
    let s: unknown = { type: 'string' }
    for (let i = 0; i < 20_000; i++) s = { type: 'object', properties: { a: s } }
    const result = fromJsonSchema({ type: 'object', properties: { a: s } }, NAMED)
    expect(result.contract).toBeUndefined()
    expect(result.problems).toEqual([
      {
        path: expect.stringMatching(/^#(\/properties\/a){60,70}$/) as unknown,
        message: 'the schema nests deeper than 64 levels',
      },
    ])
  })

  it('stops a $ref that doubles at every level (2^40 fields) at once', () => {
    const defs: Record<string, unknown> = { d0: { type: 'string' } }
    for (let i = 1; i <= 40; i++) {
      const ref = { $ref: `#/$defs/d${i - 1}` }
      defs[`d${i}`] = { type: 'object', properties: { a: ref, b: ref } }
    }
    const schema = { type: 'object', $defs: defs, properties: { x: { $ref: '#/$defs/d40' } } }
    const result = fromJsonSchema(schema, NAMED)
    expect(result.contract).toBeUndefined()
    expect(result.problems).toEqual([
      expect.objectContaining({
        message: 'the schema expands to more than 10000 fields (through reused $refs?)',
      }),
    ])
  }, 5000)
})
