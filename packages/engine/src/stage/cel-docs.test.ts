import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { celRecord, type Contract, type FieldSpec } from '@runink/contracts'
import { describe, expect, it } from 'vitest'
import { compileCel } from './cel-expression.js'

const DOC = readFileSync(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/cel.md'),
  'utf8',
)

const field = (type: FieldSpec['type'], required: boolean, more: Partial<FieldSpec> = {}) =>
  ({
    type,
    required,
    nullable: false,
    unique: false,
    pii: false,
    join_key: false,
    ...more,
  }) as FieldSpec
const TRADE: Contract = {
  contract: 'trade',
  version: '1.0.0',
  unknown_fields: 'reject',
  fields: {
    id: field('string', true),
    price: field('decimal', true),
    qty: field('int', false),
    currency: field('string', true),
    traded_at: field('timestamp', true),
    tags: field('array', true, { items: field('string', true) }),
    note: field('string', false, { nullable: true }),
  },
}

const record = JSON.parse(/```json\n([\s\S]*?)```/.exec(DOC)?.[1] ?? '{}') as Record<
  string,
  unknown
>
const rows = [...DOC.matchAll(/^\| `(.+?)` +\| (`.+`|error: .+?) +\|$/gm)].map(
  ([, expr, result]) => [expr as string, (result as string).replace(/^`|`$/g, '')],
)
const run = (expr: string): unknown =>
  compileCel(expr, 'docs')({ record: celRecord(record, TRADE), params: { tag: 'v1' } })

describe('docs/cel.md examples', () => {
  it('has the example record and table', () => {
    expect(record.id).toBe('T00000042')
    expect(rows.length).toBeGreaterThan(30)
  })

  it.each(rows)('%s → %s', (expr, result) => {
    if (result.startsWith('error: '))
      expect(() => run(expr)).toThrow(result.slice('error: '.length))
    else expect(run(expr)).toEqual(compileCel(result, 'result')({}))
  })
})
