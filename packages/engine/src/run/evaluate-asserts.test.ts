import { describe, expect, it } from 'vitest'
import { evaluateAsserts } from './evaluate-asserts.js'
import type { StageStats } from './stage-stats.js'

const stats: StageStats = {
  records: { in: 100, out: 95 },
  valid: { count: 95, ratio: 0.95 },
  invalid: { count: 5, ratio: 0.05 },
  filtered: 2,
  added: 2,
  unrouted: 0,
  reasons: [],
  sample: [],
  sinks: { 'dataset://x': 95, 'jsonl://dlq.jsonl': 5 },
  metrics: { cancelled: 3 },
  durationMs: 1200,
}

describe('evaluateAsserts', () => {
  it('passes true assertions over every documented variable', () => {
    expect(
      evaluateAsserts(
        [
          'records.input == 100 && records.output == 95 && records.out == 95',
          'filtered.count == 2 && added.count == 2',
          'invalid.ratio <= 0.05 && valid.count > 90',
          'unrouted.count == 0',
          "sinks['dataset://x'] == 95",
          "metrics['cancelled'] < 5",
          'duration_ms < 60000',
        ],
        stats,
      ),
    ).toEqual([])
  })
  it('reports a failed assertion with the values it saw', () => {
    const [f] = evaluateAsserts(['invalid.ratio < 0.01'], stats)
    expect(f?.message).toBe(
      '@assert("invalid.ratio < 0.01") failed with records.input=100, records.output=95, valid.count=95, invalid.count=5, invalid.ratio=0.0500, filtered.count=2',
    )
  })
  it('reports an expression that cannot be evaluated', () => {
    const [f] = evaluateAsserts(["metrics['missing'] > 1"], stats)
    expect(f?.message).toMatch(/could not be evaluated/)
  })
})
