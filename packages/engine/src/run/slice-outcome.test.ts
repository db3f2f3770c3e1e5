import { describe, expect, it } from 'vitest'
import type { SliceExit } from '@runink/sandbox'
import type { SliceSink } from '../stage/index.js'
import { parseSliceLog, parseSliceResult } from './parse-slice-output.js'
import { outcomeOf } from './slice-outcome.js'

const exit = (reason: SliceExit['reason'], exitCode = reason === 'ok' ? 0 : 1): SliceExit => ({
  exitCode,
  signal: null,
  reason,
  message: reason === 'ok' ? 'exited' : `exited with code ${exitCode}`,
  isolation: 'sandbox',
  durationMs: 5,
})
const SINKS: SliceSink[] = [
  { uri: 'dataset://a', stagingPath: '0.jsonl', format: 'jsonl' },
  { uri: 'csv://out/b.csv', stagingPath: '1.csv', format: 'csv' },
]
const report = (sinks: unknown[], over: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'slice-result',
    version: 1,
    ok: true,
    report: {
      recordsIn: 2,
      recordsOut: 2,
      valid: 2,
      invalid: 0,
      filtered: 0,
      added: 0,
      unrouted: 0,
      reasons: [],
      sample: [],
      firstInvalid: [],
      sinks,
      metrics: { seen: 2 },
      durationMs: 1.5,
      ...over,
    },
  })
const sink = (uri: string, stagingPath: string, records = 1) => ({
  uri,
  stagingPath,
  records,
  bytes: 10,
})
const read = (stdout: string) => ({ stdout, stagingDir: '/staging/s1' })

describe('outcomeOf', () => {
  it('takes a result whose sinks match the job one for one', () => {
    const out = outcomeOf(
      exit('ok'),
      read(
        `noise\n${report([sink('dataset://a', '0.jsonl'), sink('csv://out/b.csv', '1.csv')])}\n`,
      ),
      SINKS,
    )
    expect(out).toMatchObject({ ok: true, stagingDir: '/staging/s1' })
  })

  it.each([
    [[sink('dataset://a', '0.jsonl')], 'sinks: expected 2 sink(s) as in its job, got 1'],
    [
      [sink('dataset://a', '0.jsonl'), sink('csv://out/b.csv', '/etc/shadow')],
      'sinks[1].stagingPath: expected "1.csv" as in its job',
    ],
    [
      [sink('dataset://a', '0.jsonl'), sink('csv://elsewhere.csv', '1.csv')],
      'sinks[1].uri: expected "csv://out/b.csv" as in its job',
    ],
    [
      [sink('dataset://a', '0.jsonl', -1), sink('csv://out/b.csv', '1.csv')],
      'sinks[0].records: expected a non-negative integer',
    ],
    [
      [sink('dataset://a', '0.jsonl', 2 ** 53), sink('csv://out/b.csv', '1.csv')],
      'sinks[0].records: expected a non-negative integer',
    ],
  ])('refuses a report whose sinks are not the job’s (%#)', (sinks, problem) => {
    expect(outcomeOf(exit('ok'), read(report(sinks)), SINKS)).toMatchObject({
      ok: false,
      code: 'RUNINK_SLICE_BAD_MESSAGE',
      message: `slice sent a malformed result: ${problem}`,
      retryable: false,
    })
  })

  it.each([
    ['not json', 'its last stdout line is not JSON'],
    [
      '{"type":"slice-result","version":1,"ok":"yes"}',
      'ok: expected "ok": true with a report, or "ok": false with an error',
    ],
    ['{"type":"slice-result","version":1,"ok":true}', 'report: expected an object'],
    ['{"ok":true}', 'version: expected version 1'],
    [report([]).replace('"version":1', '"version":2'), 'version: expected version 1'],
    [report([]).replace('"slice-result"', '"slice-job"'), 'type: expected type "slice-result"'],
    [report([], { sinks: undefined }), 'sinks: expected an array'],
    [
      report(Array.from({ length: 10_001 }, () => sink('dataset://a', '0.jsonl'))),
      'sinks: expected at most 10000 items',
    ],
    [report([], { durationMs: 'soon' }), 'durationMs: expected a finite number'],
    [
      '{"type":"slice-result","version":1,"ok":false,"error":{"code":"rm -rf","message":"x"}}',
      'error.code: expected an error code like RUNINK_X',
    ],
  ])('names what is wrong in a malformed result: %s', (line, problem) => {
    expect(outcomeOf(exit('ok'), read(line), SINKS)).toMatchObject({
      ok: false,
      code: 'RUNINK_SLICE_BAD_MESSAGE',
      message: `slice sent a malformed result: ${problem}`,
    })
  })

  it.each([
    [
      { recordsIn: 3 },
      'counts do not reconcile: recordsIn 3 + added 0 ≠ valid 2 + invalid 0 + filtered 0',
    ],
    [
      { recordsIn: 6, filtered: 2, added: 0, invalid: 1, valid: 2 },
      'counts do not reconcile: recordsIn 6 + added 0 ≠ valid 2 + invalid 1 + filtered 2',
    ],
    [{ recordsOut: 3 }, 'recordsOut: 3 exceeds the 2 valid record(s)'],
    [{ recordsIn: 3, invalid: 1, unrouted: 2 }, 'unrouted: 2 exceeds the 1 invalid record(s)'],
  ])('refuses a report whose counts do not reconcile (%#)', (over, problem) => {
    const sinks = [sink('dataset://a', '0.jsonl'), sink('csv://out/b.csv', '1.csv')]
    expect(outcomeOf(exit('ok'), read(report(sinks, over)), SINKS)).toMatchObject({
      ok: false,
      code: 'RUNINK_SLICE_BAD_MESSAGE',
      message: `slice sent a malformed result: ${problem}`,
    })
  })

  it('takes counts that reconcile with filtered and added records', () => {
    const sinks = [sink('dataset://a', '0.jsonl'), sink('csv://out/b.csv', '1.csv')]
    const over = { recordsIn: 10, added: 2, valid: 6, invalid: 1, filtered: 5, recordsOut: 6 }
    expect(outcomeOf(exit('ok'), read(report(sinks, over)), SINKS)).toMatchObject({ ok: true })
  })

  it('keeps the counts and evidence a failed slice sent with its error', () => {
    const evidence = {
      recordsIn: 2,
      recordsOut: 0,
      valid: 0,
      invalid: 2,
      filtered: 0,
      added: 0,
      unrouted: 2,
      reasons: [{ field: 'qty', rule: 'min', label: 'qty: must be ≥ 1', count: 2 }],
      sample: [
        {
          record: { qty: 0 },
          errors: [{ field: 'qty', rule: 'min', message: 'qty: 0 is below the minimum 1' }],
          stage: 's',
          source: { uri: 'csv://t.csv', position: 1 },
        },
      ],
      firstInvalid: [],
      metrics: {},
    }
    const line = JSON.stringify({
      type: 'slice-result',
      version: 1,
      ok: false,
      error: { code: 'RUNINK_STAGE_UNROUTED_INVALID', message: '2 invalid' },
      report: evidence,
    })
    expect(outcomeOf(exit('failed'), read(line), SINKS)).toMatchObject({
      ok: false,
      code: 'RUNINK_STAGE_UNROUTED_INVALID',
      report: evidence,
    })
    // Evidence that does not add up is dropped, the failure kept.
    const wrong = JSON.stringify({
      type: 'slice-result',
      version: 1,
      ok: false,
      error: { code: 'RUNINK_STAGE_UNROUTED_INVALID', message: '2 invalid' },
      report: { ...evidence, recordsIn: 9 },
    })
    const out = outcomeOf(exit('failed'), read(wrong), SINKS)
    expect(out).toMatchObject({ ok: false, code: 'RUNINK_STAGE_UNROUTED_INVALID' })
    expect(out).not.toHaveProperty('report')
  })

  it('records a code a slice may not raise as a failed step, never as the host’s', () => {
    const claim = (code: string) =>
      outcomeOf(
        exit('failed'),
        read(
          JSON.stringify({
            type: 'slice-result',
            version: 1,
            ok: false,
            error: { code, message: 'it was not me' },
          }),
        ),
        SINKS,
      )
    // A hostile step writes its own result line: it cannot pass off its failure as a
    // cancelled run, a timeout, an upstream failure or a code no table knows, nor ask a retry.
    for (const code of [
      'RUNINK_RUN_CANCELLED',
      'RUNINK_SLICE_TIMEOUT',
      'RUNINK_STAGE_UPSTREAM_FAILED',
      'RUNINK_STORE_LOCKED',
      'RUNINK_MADE_UP',
    ])
      expect(claim(code)).toMatchObject({
        ok: false,
        code: 'RUNINK_STAGE_STEP_FAILED',
        message: 'it was not me',
        retryable: false,
      })
    // What the code inside a slice does raise is kept.
    for (const code of [
      'RUNINK_SOURCE_MALFORMED',
      'RUNINK_SQL_FAILED',
      'RUNINK_PROTOCOL_MALFORMED',
    ])
      expect(claim(code)).toMatchObject({ code })
  })

  it('reports a crash, not a message, for a slice that died without a valid result', () => {
    expect(outcomeOf(exit('failed', 3), read('{"ok":tr'), SINKS)).toMatchObject({
      ok: false,
      code: 'RUNINK_SLICE_FAILED',
      message: 'slice process exited with code 3 before reporting a result',
      retryable: true,
    })
  })

  it('passes on a failure the slice reported with its own code', () => {
    const line =
      '{"type":"slice-result","version":1,"ok":false,"error":{"code":"RUNINK_STAGE_STEP_FAILED","message":"boom"}}'
    expect(outcomeOf(exit('failed'), read(line), SINKS)).toMatchObject({
      ok: false,
      code: 'RUNINK_STAGE_STEP_FAILED',
      message: 'boom',
    })
  })

  it('fails a slice that flooded stdout or sent a malformed message, unless cancelled', () => {
    const flooded = { ...read(''), stdoutOverflow: { limitBytes: 1024 * 1024 } }
    expect(outcomeOf(exit('killed'), flooded, SINKS)).toMatchObject({
      code: 'RUNINK_SLICE_OUTPUT_TOO_LARGE',
      message: expect.stringMatching(/^slice wrote more than 1 MiB on stdout/),
    })
    const bad = { ...read(''), badMessage: 'a progress line is not JSON' }
    expect(outcomeOf(exit('killed'), bad, SINKS)).toMatchObject({
      code: 'RUNINK_SLICE_BAD_MESSAGE',
      message: 'slice sent a malformed message: a progress line is not JSON',
    })
    expect(outcomeOf(exit('cancelled'), bad, SINKS)).toMatchObject({ end: 'cancelled' })
  })
})

describe('parseSliceLog', () => {
  const P = '{"type":"slice-progress","version":1,'
  it('reads progress lines by their schema and anything else as text', () => {
    expect(parseSliceLog(`${P}"progress":{"recordsIn":3,"recordsOut":2,"invalid":1}}`)).toEqual({
      progress: { recordsIn: 3, recordsOut: 2, invalid: 1 },
    })
    expect(parseSliceLog('{"level":"info","message":"hi"}')).toEqual({
      text: '{"level":"info","message":"hi"}',
    })
    expect(parseSliceLog(`${P}"progress":{"recordsIn":3}`)).toMatchObject({
      malformed: 'a progress line is not JSON',
    })
    expect(
      parseSliceLog(`${P}"progress":{"recordsIn":1,"recordsOut":0,"invalid":0},"x":1}`),
    ).toMatchObject({ malformed: expect.stringMatching(/^a progress line: /) })
  })

  it.each([
    ['{"type":"slice-progress","version":2,"progress":{}}', 'version', 'expected version 1'],
    [
      `${P}"progress":{"recordsIn":1,"recordsOut":0}}`,
      'progress.invalid',
      'expected a non-negative integer',
    ],
    [
      `${P}"progress":{"recordsIn":"1","recordsOut":0,"invalid":0}}`,
      'progress.recordsIn',
      'expected a non-negative integer',
    ],
    [`${P}"progress":[]}`, 'progress', 'expected an object'],
  ])(
    'refuses a malformed progress line with the typed error naming its field: %s',
    (line, field, problem) => {
      const parsed = parseSliceLog(line)
      expect(parsed).toMatchObject({ malformed: `a progress line: ${field}: ${problem}` })
      expect('error' in parsed && parsed.error).toMatchObject({
        code: 'RUNINK_PROTOCOL_MALFORMED',
        details: { where: 'slice progress (slice → host)', field, problem },
      })
    },
  )
})

describe('parseSliceResult', () => {
  it('refuses a malformed result with the typed error naming its field', () => {
    const parsed = parseSliceResult(
      '{"type":"slice-result","version":1,"ok":true,"report":{"recordsIn":-1}}',
    )
    expect(parsed).toMatchObject({
      kind: 'malformed',
      problem: 'recordsIn: expected a non-negative integer',
      error: {
        code: 'RUNINK_PROTOCOL_MALFORMED',
        message:
          'slice result (slice → host): malformed message: report.recordsIn: expected a non-negative integer',
        details: { field: 'report.recordsIn' },
      },
    })
  })
})
