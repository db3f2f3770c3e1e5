import { describe, expect, it } from 'vitest'
import type { DataRecord, RecordBatches } from '../connectors/index.js'
import { qualityStep } from './quality-step.js'

async function* of(...records: DataRecord[]): RecordBatches {
  yield records
}

async function drain(stream: RecordBatches): Promise<number> {
  let n = 0
  for await (const b of stream) n += b.length
  return n
}

describe('quality step', () => {
  it('passes records through when every check holds', async () => {
    const step = qualityStep({ not_null: ['id'], unique: ['id'], min_rows: 2 })
    expect(await drain(step(of({ id: 1 }, { id: 2 })))).toBe(2)
  })
  it('fails the stage naming every violation', async () => {
    const step = qualityStep({ not_null: ['id', 'name'], unique: ['id'], min_rows: 5 })
    await expect(
      drain(step(of({ id: 1, name: 'a' }, { id: 1 }, { id: null, name: '' }))),
    ).rejects.toThrow(
      'quality check failed: 1 record(s) with no id; 2 record(s) with no name; 1 duplicate id value(s); 3 record(s), fewer than min_rows=5',
    )
  })
})
