import { describe, expect, it } from 'vitest'
import { parseMessage } from './parse-message.js'
import { RUN_STATUS, runStatusSchema } from './run-status.js'

const counts = { recordsIn: 3, recordsOut: 2, recordsInvalid: 1 }
const STATUS = {
  ...RUN_STATUS,
  run: {
    id: 'r1',
    herd: 'default',
    planHash: 'sha256:' + 'a'.repeat(64),
    status: 'failed',
    createdAt: '2026-12-07T18:00:00.000Z',
    startedAt: '2026-12-07T18:00:00.100Z',
    finishedAt: null,
    error: 'stage wrote no valid record',
  },
  stages: [
    {
      id: 's1',
      stage: 'clean',
      status: 'cancelled',
      cacheHit: false,
      error: null,
      counts,
      slices: [
        {
          id: 'x1',
          partition: 0,
          attempt: 1,
          status: 'succeeded',
          isolation: 'sandbox',
          ...counts,
          durationMs: 12,
          error: null,
        },
      ],
      stats: { in: 3 },
    },
  ],
  counts,
}

const refusal = (value: unknown) => {
  const parsed = parseMessage(runStatusSchema, value, 'run status')
  return parsed.ok ? undefined : parsed.error.message
}

describe('runStatusSchema', () => {
  it('takes a run with its stages and slices in core’s status vocabulary', () => {
    expect(refusal(STATUS)).toBeUndefined()
  })

  it('refuses a wrong version, a status outside the vocabulary, a missing run id, a bad isolation', () => {
    expect(refusal({ ...STATUS, version: 2 })).toMatch(/version: expected version 1/)
    expect(refusal({ ...STATUS, run: { ...STATUS.run, status: 'done' } })).toMatch(/run\.status/)
    const { id: _id, ...noId } = STATUS.run
    expect(refusal({ ...STATUS, run: noId })).toMatch(/run\.id/)
    const slice = { ...STATUS.stages[0]!.slices[0]!, isolation: 'chroot' }
    expect(refusal({ ...STATUS, stages: [{ ...STATUS.stages[0]!, slices: [slice] }] })).toMatch(
      /stages\[0\]\.slices\[0\]\.isolation/,
    )
  })
})
