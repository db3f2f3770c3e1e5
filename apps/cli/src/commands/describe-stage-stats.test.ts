import type { RunDetail, StageRunStats } from '@runink/store'
import { describe, expect, it } from 'vitest'
import {
  describeFailedReasons,
  describeMetrics,
  describeStageErrors,
  stageCountCells,
} from './describe-stage-stats.js'

type Stage = RunDetail['stages'][number]

const stats: StageRunStats = {
  in: 3,
  out: 2,
  valid: 2,
  invalid: 1,
  filtered: 0,
  added: 0,
  unrouted: 1,
  sinks: { 'dataset://prices': 0 },
  metrics: { seen: 3 },
  reasons: [{ field: 'price', rule: 'min', label: 'price: must be ≥ 0', count: 1 }],
  sample: [
    {
      record: { id: 'b', price: '-2' },
      errors: [{ field: 'price', rule: 'min', message: 'price: -2 is below the minimum 0' }],
      stage: 'prices',
      source: { uri: 'csv://data/prices.csv', position: 2 },
    },
  ],
}

const stage = (over: Partial<Stage>): Stage =>
  ({
    id: 'sr1',
    runId: 'r1',
    stage: 'prices',
    nodeHash: 'sha256:n',
    status: 'failed',
    cacheHit: false,
    createdAt: new Date(0),
    startedAt: null,
    finishedAt: null,
    error: '1 invalid record(s) had no sink to go to',
    stats,
    slices: [],
    counts: { recordsIn: 3, recordsOut: 2, recordsInvalid: 1 },
    ...over,
  }) as Stage

const detail = (stages: Stage[]): RunDetail => ({ stages }) as unknown as RunDetail

describe('runi status: stage stats', () => {
  it('shows recorded counts, or the slices’ with - where unknown', () => {
    expect(stageCountCells(stage({}))).toEqual(['3', '2', '1', '0', '2'])
    expect(
      stageCountCells(stage({ stats: { ...stats, in: 4, filtered: 1, added: 2, valid: 4 } })),
    ).toEqual(['4', '4', '1', '1 (+2 added)', '2'])
    expect(stageCountCells(stage({ stats: null }))).toEqual(['3', '-', '1', '-', '2'])
  })

  it('shows metrics and a failed stage’s top reasons', () => {
    const d = detail([stage({})])
    expect(describeMetrics(d)).toEqual(['  metrics of prices: seen=3'])
    expect(describeFailedReasons(d)).toEqual(['  top reasons of prices: price: must be ≥ 0 (1)'])
    // Not repeated when the error already names them, nor for a stage that succeeded.
    expect(describeFailedReasons(detail([stage({ error: 'x; top reasons: …' })]))).toEqual([])
    expect(describeFailedReasons(detail([stage({ status: 'succeeded' })]))).toEqual([])
  })

  it('--errors lists the reasons and the first invalid records, where read', () => {
    expect(describeStageErrors(detail([stage({})])).join('\n')).toBe(
      [
        '',
        'invalid records of prices (failed): 1 of 3',
        '  top reasons:',
        '    1  price: must be ≥ 0',
        '  first invalid records:',
        '    record 2 of data/prices.csv: price: -2 is below the minimum 0',
        '      {"id":"b","price":"-2"}',
      ].join('\n'),
    )
    expect(describeStageErrors(detail([stage({ stats: null })]))).toEqual([
      '',
      'no invalid records recorded for this run',
    ])
  })
})
