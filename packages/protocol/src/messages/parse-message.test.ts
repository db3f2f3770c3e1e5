import { describe, expect, it } from 'vitest'
import { messageFields as f, messageSchema } from './message-fields.js'
import { parseMessage, parseMessageLine, ProtocolError } from './parse-message.js'

const ping = messageSchema('ping', 1, { ids: f.list(f.count, 2), note: f.text(5).optional() })

describe('parseMessage', () => {
  it('returns the typed value of a well-formed message', () => {
    expect(parseMessage(ping, { version: 1, type: 'ping', ids: [1] }, 'a → b')).toEqual({
      ok: true,
      value: { version: 1, type: 'ping', ids: [1] },
    })
  })

  it.each([
    [{ version: 2, type: 'ping', ids: [] }, 'version', 'expected version 1'],
    [{ version: 1, type: 'pong', ids: [] }, 'type', 'expected type "ping"'],
    [{ version: 1, type: 'ping' }, 'ids', 'expected an array'],
    [{ version: 1, type: 'ping', ids: [1, 'x'] }, 'ids[1]', 'expected a non-negative integer'],
    [{ version: 1, type: 'ping', ids: [1, 2, 3] }, 'ids', 'expected at most 2 items'],
    [
      { version: 1, type: 'ping', ids: [], note: 'too long' },
      'note',
      'expected at most 5 characters',
    ],
    [[], '', 'expected an object'],
  ])(
    'refuses %j with a ProtocolError naming the boundary and the field',
    (value, field, problem) => {
      const parsed = parseMessage(ping, value, 'a → b')
      expect(parsed.ok).toBe(false)
      if (parsed.ok) return
      expect(parsed.error).toBeInstanceOf(ProtocolError)
      expect(parsed.error.code).toBe('RUNINK_PROTOCOL_MALFORMED')
      expect(parsed.error.details).toEqual({ where: 'a → b', field, problem })
      expect(parsed.error.message).toBe(
        `a → b: malformed message: ${field === '' ? problem : `${field}: ${problem}`}`,
      )
    },
  )

  it('refuses a line that is not JSON', () => {
    expect(parseMessageLine(ping, '{"version":', 'a → b')).toMatchObject({
      ok: false,
      error: { message: 'a → b: malformed message: not JSON' },
    })
  })
})
