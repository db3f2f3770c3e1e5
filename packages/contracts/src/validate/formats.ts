import type { StringFormat } from '../model/index.js'
import { COUNTRY_CODES, CURRENCY_CODES } from './iso-codes.js'

const EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** An absolute URI: a scheme, then no whitespace. */
const URI = /^[a-z][a-z0-9+.-]*:[^\s]+$/i
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`)
const HEXTET = /^[0-9a-f]{1,4}$/i
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i
/** E.164: a plus, a non-zero country digit, at most 15 digits in all. */
const PHONE = /^\+[1-9]\d{1,14}$/

/** Groups of an IPv6 half (`a:b:c`), counting a trailing dotted IPv4 as two; -1 when invalid. */
function ipv6Groups(half: string, mayEndInIpv4: boolean): number {
  if (half === '') return 0
  const parts = half.split(':')
  let groups = 0
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string
    if (HEXTET.test(part)) groups++
    else if (mayEndInIpv4 && i === parts.length - 1 && IPV4.test(part)) groups += 2
    else return -1
  }
  return groups
}

/** RFC 4291 text form, `::` compression and an embedded IPv4 tail allowed; no zone ids. */
function isIpv6(s: string): boolean {
  if (s.length < 2 || s.length > 45) return false
  const gap = s.indexOf('::')
  if (gap === -1) return ipv6Groups(s, true) === 8
  if (s.indexOf('::', gap + 1) !== -1) return false
  const head = ipv6Groups(s.slice(0, gap), false)
  const tail = ipv6Groups(s.slice(gap + 2), true)
  return head >= 0 && tail >= 0 && head + tail <= 7
}

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, 253 at most. */
function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false
  for (const label of s.split('.')) if (!LABEL.test(label)) return false
  return true
}

/** One test per string format. */
export const FORMAT_TESTS: Readonly<Record<StringFormat, (s: string) => boolean>> = {
  email: (s) => s.length <= 254 && EMAIL.test(s),
  uuid: (s) => UUID.test(s),
  uri: (s) => URI.test(s),
  ipv4: (s) => IPV4.test(s),
  ipv6: isIpv6,
  hostname: isHostname,
  phone: (s) => PHONE.test(s),
  country: (s) => COUNTRY_CODES.has(s),
  currency: (s) => CURRENCY_CODES.has(s),
}
