import type { FieldSpec, Scalar } from '@runink/contracts'
import type { Rng } from './rng.js'

/** A numeric range and how many fraction digits values get. */
export interface NumberPlan {
  readonly lo: number
  readonly hi: number
  readonly digits: number
}

/** Plausible ranges by field name: [name test, lo, hi, fraction digits]. */
const BY_NAME: ReadonlyArray<readonly [RegExp, number, number, number]> = [
  [/price|amount|total|cost|fee|balance|salary|revenue|tax|payment|spend|value/, 1, 1000, 2],
  [/qty|quantity|count|units|stock/, 1, 100, 0],
  [/(^|_)age$/, 18, 90, 0],
  [/year/, 1990, 2030, 0],
  [/(^|_)(lat|latitude)$/, -90, 90, 6],
  [/(^|_)(lon|lng|long|longitude)$/, -180, 180, 6],
  [/rating|stars/, 1, 5, 1],
  [/score|percent|pct/, 0, 100, 2],
  [/rate|ratio/, 0, 1, 4],
  [/weight|height|width|length|distance|size/, 1, 200, 2],
  [/(^|_)id$|(^|_)(no|num|number)$/, 1, 1_000_000, 0],
]

const DEFAULT_DIGITS = { int: 0, float: 3, decimal: 2 } as const
const MAX_DIGITS = 10

function bound(value: Scalar | undefined): number | undefined {
  if (value === undefined || typeof value === 'boolean' || value === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}

/** The range and precision of a number field: its bounds, else a plausible range for its name. */
export function numberPlan(spec: FieldSpec, name: string): NumberPlan {
  const type = spec.type === 'int' ? 'int' : spec.type === 'decimal' ? 'decimal' : 'float'
  const hit = BY_NAME.find(([test]) => test.test(name.toLowerCase()))
  const [dlo, dhi] = hit === undefined ? [0, 1000] : [hit[1], hit[2]]
  const digits = type === 'int' ? 0 : hit === undefined ? DEFAULT_DIGITS[type] : Math.max(hit[3], 2)
  const min = bound(spec.min)
  const max = bound(spec.max)
  const span = dhi - dlo
  let lo = dlo
  let hi = dhi
  if (min !== undefined && max !== undefined) [lo, hi] = [min, max]
  else if (min !== undefined && min > dlo) [lo, hi] = [min, min + span]
  else if (max !== undefined && max < dhi) [lo, hi] = [max - span, max]
  if (type === 'int') {
    lo = Math.max(Math.ceil(lo), Number.MIN_SAFE_INTEGER)
    hi = Math.min(Math.floor(hi), Number.MAX_SAFE_INTEGER)
  }
  return { lo, hi, digits }
}

/**
 * A number within the plan with at most `digits` fraction digits (more when the range is too
 * narrow for them), so decimals print exactly, e.g. `12.34`.
 */
export function numberValue(plan: NumberPlan, rng: Rng): number {
  const { lo, hi } = plan
  for (let d = plan.digits; d <= MAX_DIGITS; d++) {
    const scale = 10 ** d
    const klo = Math.ceil(lo * scale)
    const khi = Math.floor(hi * scale)
    if (!Number.isSafeInteger(klo) || !Number.isSafeInteger(khi)) break
    if (klo <= khi) return rng.int(klo, khi) / scale + 0
  }
  // Ranges too wide for exact steps (e.g. ±1e300) or too narrow for ten digits.
  const x = lo + rng.next() * (hi - lo)
  return Number.isFinite(x) ? x : lo
}
