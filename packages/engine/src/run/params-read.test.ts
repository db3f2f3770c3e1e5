import { describe, expect, it } from 'vitest'
import { identify, parseContract } from '@runink/contracts'
import { paramsRead } from './params-read.js'
import { testStage } from './testing/test-stage.js'
import type { RunnableStage } from './runnable-stage.js'

const { contract } = parseContract(
  'contract: c\nversion: 1.0.0\nfields:\n  id: { type: string }\n',
  'c.yaml',
)
const C = identify(contract!.model)
const stage = (over: Partial<RunnableStage>): RunnableStage => testStage('s', C, over)

describe('paramsRead', () => {
  it('names the params that derive, filter, sink conditions and asserts read', () => {
    expect(
      paramsRead(
        stage({
          steps: [
            {
              kind: 'builtin',
              name: 'derive',
              params: { tag: 'params.tag', day: "params['day']" },
            },
            {
              kind: 'builtin',
              name: 'filter',
              params: { condition: 'record.n > int(params["min"])' },
            },
          ],
          sinks: [{ uri: 'dataset://x', when: 'has(params.route) && record.valid' }],
          asserts: ['invalid.count <= int(params.max_bad)'],
        }),
      ),
    ).toEqual(['day', 'max_bad', 'min', 'route', 'tag'])
  })

  it('is empty for a stage that reads none', () => {
    expect(
      paramsRead(
        stage({ steps: [{ kind: 'builtin', name: 'select', params: { fields: ['id'] } }] }),
      ),
    ).toEqual([])
  })

  it('is all when the use cannot be known: TypeScript and exec steps, params used whole', () => {
    expect(
      paramsRead(stage({ steps: [{ kind: 'exec', name: 'x', command: 'sh x.sh', params: {} }] })),
    ).toBe('all')
    expect(
      paramsRead(stage({ steps: [{ kind: 'module', name: 'M', module: '/p/m.ts', params: {} }] })),
    ).toBe('all')
    expect(
      paramsRead(
        stage({ steps: [{ kind: 'builtin', name: 'derive', params: { n: 'size(params)' } }] }),
      ),
    ).toBe('all')
    expect(
      paramsRead(
        stage({
          steps: [{ kind: 'builtin', name: 'derive', params: { n: 'params[record.key]' } }],
        }),
      ),
    ).toBe('all')
  })
})
