import { describe, expect, it } from 'vitest'
import { readStepModule } from './read-step-module.js'

describe('readStepModule', () => {
  it('reads exported defineStep declarations without running them', () => {
    const source = `
      import { defineStep } from '@runink/engine'
      import * as ri from '@runink/engine'
      throw new Error('never runs')
      export const A = defineStep({ in: 'a', out: \`b\`, map: (r) => r })
      export const B = ri.defineStep({ 'in': 'b' as const, async *stream(rs) { yield* rs } }) satisfies unknown
      const C = defineStep({ map: (r: unknown) => r })
      const D = 1
      export { C as Renamed, D }
      export function notAStep() {}
    `
    const info = readStepModule(source, 'steps.ts')
    expect(info.diagnostics).toEqual([])
    expect(info.steps).toEqual([
      { name: 'A', in: 'a', out: 'b' },
      { name: 'B', in: 'b' },
      { name: 'Renamed' },
    ])
  })
  it('reads JavaScript modules', () => {
    expect(
      readStepModule("export const J = defineStep({ out: 'x', map: (r) => r })", 'j.mjs').steps,
    ).toEqual([{ name: 'J', out: 'x' }])
  })
  it('reports syntax errors and non-literal contracts with positions', () => {
    const broken = readStepModule('export const A = defineStep({ in: \n', 'a.ts')
    expect(broken.diagnostics[0]).toMatchObject({
      code: 'RUNINK_DSL_STEP_MODULE_INVALID',
      file: 'a.ts',
      line: expect.any(Number),
    })
    const dynamic = readStepModule(
      'const n = "a"\nexport const A = defineStep({ in: n, map: (r) => r })',
      'a.ts',
    )
    expect(dynamic.diagnostics).toMatchObject([
      {
        message:
          'step A: "in" must be a string literal so it can be checked without running the module',
        line: 2,
      },
    ])
  })
})
