import { describe, expect, it } from 'vitest'
import { parseMessage } from './parse-message.js'
import { runEventSchema } from './run-event.js'

const summary = {
  id: 's',
  name: 'S',
  status: 'succeeded',
  outputs: [{ uri: 'dataset://a', version: { id: 'v1' } }],
  attempts: 1,
  durationMs: 3,
}

describe('runEventSchema', () => {
  it('takes each event as the engine sends it, with its version and type', () => {
    for (const event of [
      { version: 1, type: 'run-started', runId: 'r', stages: ['s'] },
      { version: 1, type: 'stage-progress', stage: 's', recordsIn: 1, recordsOut: 1, invalid: 0 },
      { version: 1, type: 'stage-finished', summary },
      { version: 1, type: 'warning', message: 'careful' },
    ])
      expect(parseMessage(runEventSchema, event, 'run event').ok).toBe(true)
  })

  it.each([
    [{ version: 2, type: 'warning', message: 'x' }, 'version'],
    [{ version: 1, type: 'stage-exploded' }, 'type'],
    [
      { version: 1, type: 'stage-finished', summary: { ...summary, status: 'done' } },
      'summary.status',
    ],
    [
      { version: 1, type: 'stage-finished', summary: { ...summary, attempts: undefined } },
      'summary.attempts',
    ],
    [{ version: 1, type: 'run-started', runId: 'r', stages: Array(10_001).fill('s') }, 'stages'],
  ])('refuses %j naming the field', (event, field) => {
    expect(parseMessage(runEventSchema, event, 'run event')).toMatchObject({
      ok: false,
      error: { code: 'RUNINK_PROTOCOL_MALFORMED', details: { where: 'run event', field } },
    })
  })
})
