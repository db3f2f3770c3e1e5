import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { sliceHostPath } from '../run/slice-host-path.js'
import { parseSliceJob } from './run-slice-host.js'

const JOB = {
  type: 'slice-job',
  version: 1,
  runId: 'r',
  stageId: 's',
  sliceIndex: 0,
  attempt: 1,
  sources: [],
  steps: [],
  contract: { name: 'c', version: '1.0.0', fields: {} },
  sinks: [],
  params: {},
  maskKey: '',
}

/** Starts the built slice host with `input` on its stdin; its result line and exit code. */
function host(input: string): { result: Record<string, unknown>; status: number | null } {
  const run = spawnSync(process.execPath, [sliceHostPath()], { input, encoding: 'utf8' })
  const line = run.stdout.trimEnd().split('\n').pop() ?? ''
  return { result: JSON.parse(line) as Record<string, unknown>, status: run.status }
}

describe('the slice host refuses a malformed job', () => {
  it.each([
    [{ ...JOB, version: 2 }, 'version', 'expected version 1'],
    [{ ...JOB, type: 'slice-result' }, 'type', 'expected type "slice-job"'],
    [{ ...JOB, runId: undefined }, 'runId', 'expected a string'],
    [{ ...JOB, sliceIndex: -1 }, 'sliceIndex', 'expected a non-negative integer'],
    [{ ...JOB, steps: [{ kind: 'shell', name: 'x', params: {} }] }, 'steps[0].kind', ''],
    [
      { ...JOB, sources: [{ uri: 'a', path: 'a', format: 'xls', mode: 'strict' }] },
      'sources[0].format',
      '',
    ],
    [
      {
        ...JOB,
        steps: Array.from({ length: 1001 }, () => ({ kind: 'builtin', name: 'x', params: {} })),
      },
      'steps',
      'expected at most 1000 items',
    ],
  ] as Array<[unknown, string, string]>)('%#: names the field (%s)', (job, field, problem) => {
    const parsed = parseSliceJob(JSON.stringify(job))
    if (problem !== '') expect(parsed).toMatchObject({ error: { details: { problem } } })
    expect(parsed).toMatchObject({
      ok: false,
      error: {
        code: 'RUNINK_PROTOCOL_MALFORMED',
        details: { where: 'slice job (host → slice)', field },
      },
    })
  })

  it('takes a well-formed job', () => {
    expect(parseSliceJob(JSON.stringify(JOB))).toMatchObject({ ok: true, value: { runId: 'r' } })
  })

  it('runs nothing and reports the typed error on its result line when started with one', () => {
    const { result, status } = host(JSON.stringify({ ...JOB, attempt: 'first' }))
    expect(status).toBe(1)
    expect(result).toMatchObject({
      type: 'slice-result',
      version: 1,
      ok: false,
      error: {
        code: 'RUNINK_PROTOCOL_MALFORMED',
        message:
          'slice job (host → slice): malformed message: attempt: expected a non-negative integer',
      },
    })
    expect(host('not json').result).toMatchObject({
      ok: false,
      error: { message: 'slice job (host → slice): malformed message: not JSON' },
    })
  })
})
