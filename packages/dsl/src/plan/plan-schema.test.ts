import { readFile, readdir, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { SourceFs } from '@runink/core'
import { parseMessage, planSchema, type PlanMessage } from '@runink/protocol'
import { compileFeature } from '../compile-feature.js'
import type { Plan } from './plan.js'

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples')

const nodeFs: SourceFs = {
  readText: (p) => readFile(p, 'utf8'),
  list: (dir) => readdir(dir),
  isDirectory: async (p) => (await stat(p)).isDirectory(),
  exists: (p) =>
    stat(p).then(
      () => true,
      () => false,
    ),
  resolve: (...parts) => path.resolve(...parts),
  dirname: (p) => path.dirname(p),
  realpath: (p) => realpath(p),
}

async function examples(): Promise<string[]> {
  const files: string[] = []
  for (const dir of await readdir(EXAMPLES))
    for (const f of await readdir(path.join(EXAMPLES, dir)).catch(() => []))
      if (f.endsWith('.dsl')) files.push(path.join(EXAMPLES, dir, f))
  return files.sort()
}

describe('planSchema (@runink/protocol) and the plans dsl builds', () => {
  it('agrees with dsl Plan type, both ways', () => {
    expectTypeOf<Plan>().toExtend<PlanMessage>()
    expectTypeOf<PlanMessage>().toExtend<Plan>()
  })

  it('takes the plan of every example, unchanged', async () => {
    const files = await examples()
    expect(files.map((f) => path.basename(f))).toEqual(['orders.dsl', 'sensors.dsl', 'trades.dsl'])
    for (const file of files) {
      const result = await compileFeature(file, nodeFs)
      expect(result.plan, file).toBeDefined()
      const parsed = parseMessage(planSchema, result.plan, file)
      if (!parsed.ok) throw parsed.error
      expect(parsed.value).toEqual(result.plan)
    }
  })
})
