import { describe, expect, it } from 'vitest'
import { describeInputs } from './describe-inputs.js'

const H = (c: string) => `sha256:${c.repeat(64)}`

describe('describeInputs', () => {
  it('shows each source, the version bound, its content and why that one', () => {
    expect(
      describeInputs([
        { uri: 'csv://in.csv', contentHash: H('a'), pinned: 'file' },
        {
          uri: 'dataset://clean',
          ref: 'dataset://clean@3',
          contentHash: H('b'),
          pinned: 'stage',
          fromStage: 'ingest',
        },
        { uri: 'dataset://ref', ref: 'dataset://ref@2', contentHash: H('c'), pinned: 'run-start' },
        { uri: 'dataset://ref@1', ref: 'dataset://ref@1', contentHash: H('d'), pinned: 'explicit' },
      ]).join('\n'),
    ).toBe(
      [
        '',
        'inputs:',
        '  SOURCE           VERSION            CONTENT              READ',
        '  csv://in.csv     -                  sha256:aaaaaaaaaaaa  file as read',
        '  dataset://clean  dataset://clean@3  sha256:bbbbbbbbbbbb  written by ingest in this run',
        '  dataset://ref    dataset://ref@2    sha256:cccccccccccc  latest at run start',
        '  dataset://ref@1  dataset://ref@1    sha256:dddddddddddd  as written',
      ].join('\n'),
    )
  })

  it('is nothing for a run that read nothing', () => {
    expect(describeInputs([])).toEqual([])
  })
})
