import { describe, expect, it } from 'vitest'
import { SseParser } from './sse-parser.js'

describe('SseParser', () => {
  it('gives events as their blank line arrives, across chunks, skipping comments', () => {
    const p = new SseParser()
    expect(p.push('id: 1\nevent: run-event\nda')).toEqual([])
    expect(p.push('ta: {"a":1}\n\n: heartbeat\n\nid: 2\r\ndata: x\r\ndata: y\r\n')).toEqual([
      { id: '1', event: 'run-event', data: '{"a":1}' },
    ])
    expect(p.push('\r\ndata:no space\n\n')).toEqual([
      { id: '2', event: 'message', data: 'x\ny' },
      { id: undefined, event: 'message', data: 'no space' },
    ])
  })
})
