const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
}
const MEMORY_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
}

/** Milliseconds of `250ms`, `30s`, `5m`, `1h`, `2d` or a combination like `1h30m`; undefined if invalid. */
export function parseDurationMs(text: string): number | undefined {
  const t = text.trim()
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(t)) return undefined
  let total = 0
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g))
    total += Number(m[1]) * (DURATION_UNITS[m[2] ?? ''] ?? Number.NaN)
  return Number.isFinite(total) && total > 0 ? Math.round(total) : undefined
}

/** CPU in millicores: `500m` → 500, `2` → 2000, `0.5` → 500; undefined if invalid or zero. */
export function parseCpuMillis(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(text.trim())
  if (m === null) return undefined
  const value = m[2] === 'm' ? Number(m[1]) : Number(m[1]) * 1000
  return Number.isInteger(value) && value > 0 ? value : undefined
}

/** Memory in bytes: `256Mi`, `2Gi`, `512M`, `1G`, `1048576`; undefined if invalid or zero. */
export function parseMemoryBytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KMGT]i?)?$/.exec(text.trim())
  if (m === null) return undefined
  const value = Number(m[1]) * (MEMORY_UNITS[m[2] ?? ''] ?? Number.NaN)
  return Number.isSafeInteger(Math.round(value)) && value >= 1 ? Math.round(value) : undefined
}

/** A non-negative integer written in decimal, or undefined. */
export function parseCount(text: string): number | undefined {
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : undefined
}
