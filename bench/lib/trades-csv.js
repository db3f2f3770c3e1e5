// A fast, seeded generator of trade CSV files matching bench/fixtures/trade-pii.yaml (every
// record valid). Files are cached in bench/.work/ by name, so a size is generated once.
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs'

export const WORK = new URL('../.work/', import.meta.url).pathname
export const CONTRACT = new URL('../fixtures/trade-pii.yaml', import.meta.url).pathname
export const HEADER =
  'trade_id,account,symbol,side,quantity,price,currency,traded_at,trader_email,settled'

const SYMBOLS = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'NVDA', 'TSLA']
const CURRENCIES = ['USD', 'EUR', 'GBP']
const FIRST = [
  'ana',
  'bo',
  'chen',
  'dev',
  'eva',
  'femi',
  'gus',
  'hana',
  'ivo',
  'jun',
  'kai',
  'lena',
]
const LAST = ['smith', 'okafor', 'garcia', 'tanaka', 'muller', 'rossi', 'novak', 'silva', 'kim']
const DOMAINS = ['example.com', 'bank.example', 'trading.example.org', 'desk.example.net']
const BASE_MS = Date.UTC(2024, 0, 1)

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)]

/** One CSV line (no newline) for record `i`. */
function line(i, rand) {
  const id = 'T' + String(i % 1e8).padStart(8, '0')
  const account = 'AC' + Math.floor(rand() * 1e7)
  const qty = 1 + Math.floor(rand() * 999_999)
  const price = (rand() * 2000).toFixed(2)
  const at =
    new Date(BASE_MS + Math.floor(rand() * 31_536_000) * 1000).toISOString().slice(0, 19) + 'Z'
  const email = `${pick(rand, FIRST)}.${pick(rand, LAST)}${Math.floor(rand() * 1000)}@${pick(rand, DOMAINS)}`
  const settled = rand() < 0.9 ? 'true' : 'false'
  return `${id},${account},${pick(rand, SYMBOLS)},${rand() < 0.5 ? 'buy' : 'sell'},${qty},${price},${pick(rand, CURRENCIES)},${at},${email},${settled}`
}

/**
 * Writes (once) a CSV of `records` records, or of at least `bytes` bytes, and returns its path
 * record count and size. The record count is kept in a `.count` file beside it.
 * @param {{ records?: number, bytes?: number, seed?: number, name: string }} spec
 */
export async function tradesCsv({ records, bytes, seed = 42, name }) {
  mkdirSync(WORK, { recursive: true })
  const file = `${WORK}${name}`
  const countFile = `${file}.count`
  if (existsSync(file) && existsSync(countFile)) {
    return { file, records: Number(readFileSync(countFile, 'utf8')), bytes: statSync(file).size }
  }
  const rand = prng(seed)
  const tmp = `${file}.tmp`
  const out = createWriteStream(tmp, { highWaterMark: 1 << 20 })
  let written = HEADER.length + 1
  out.write(HEADER + '\n')
  let n = 0
  const more = () => (records !== undefined ? n < records : written < bytes)
  while (more()) {
    let chunk = ''
    for (let k = 0; k < 10_000 && more(); k++) {
      const l = line(n++, rand) + '\n'
      chunk += l
      written += l.length
    }
    if (!out.write(chunk)) await new Promise((ok) => out.once('drain', ok))
  }
  await new Promise((ok, fail) => out.end((e) => (e ? fail(e) : ok())))
  renameSync(tmp, file)
  writeFileSync(countFile, String(n))
  return { file, records: n, bytes: statSync(file).size }
}

/** Parses a size like `2GB`, `500MB`, `1.5GiB` into bytes. */
export function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)\s*(k|m|g)i?b?$/i.exec(String(text).trim())
  if (!m) throw new Error(`not a size: "${text}" (use e.g. 500MB or 2GB)`)
  const unit = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 }[m[2].toLowerCase()]
  return Math.round(Number(m[1]) * unit)
}
