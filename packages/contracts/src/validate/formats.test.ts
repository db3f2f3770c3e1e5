import { describe, expect, it } from 'vitest'
import { FORMAT_TESTS } from './formats.js'

const CASES = {
  email: [
    ['a.b+c@example.co.uk', 'x@y'],
    ['no-at.example.com', 'a@b@c', 'a b@c.com', '@x.com'],
  ],
  uuid: [
    ['0190a4c8-6c1e-7b8f-9a3d-2f1e4c5b6a7d'],
    ['0190a4c8-6c1e-7b8f-9a3d', 'g190a4c8-6c1e-7b8f-9a3d-2f1e4c5b6a7d'],
  ],
  uri: [
    ['https://example.com/a?b=1', 'urn:isbn:0451450523'],
    ['example.com', '/relative', 'http://a b'],
  ],
  ipv4: [
    ['192.168.0.1', '0.0.0.0'],
    ['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5'],
  ],
  ipv6: [
    ['::1', '2001:db8::8a2e:370:7334', '::ffff:192.0.2.128', '1:2:3:4:5:6:7:8', '::'],
    ['1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', 'fe80::1%eth0', '1:2:3:4:5:6:7', ':'],
  ],
  hostname: [
    ['example.com', 'a-b.c', 'localhost'],
    ['-a.com', 'a..b', 'a_b.com', `${'a'.repeat(64)}.com`, ''],
  ],
  phone: [
    ['+14155552671', '+442071838750'],
    ['4155552671', '+0123', '+1 415 555', '+1234567890123456'],
  ],
  country: [
    ['US', 'DE', 'JP'],
    ['us', 'XX', 'USA'],
  ],
  currency: [
    ['USD', 'EUR', 'JPY'],
    ['usd', 'XXX', 'EURO'],
  ],
} as const

describe('FORMAT_TESTS', () => {
  for (const [format, [good, bad]] of Object.entries(CASES)) {
    it(format, () => {
      const test = FORMAT_TESTS[format as keyof typeof FORMAT_TESTS]
      for (const s of good) expect(test(s), s).toBe(true)
      for (const s of bad) expect(test(s), s).toBe(false)
    })
  }
})
