/** An error as reasons count it: the field, the rule and what the rule wanted. */
export interface ReasonSource {
  readonly path: string
  readonly rule: string
  readonly expected?: unknown
}

/** One reason records were invalid, and how many records it rejected. */
export interface InvalidReason {
  readonly field: string
  readonly rule: string
  /** The reason without any record's value: `price: below the minimum 0`. */
  readonly label: string
  readonly count: number
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v))

/** What a rule wanted, in words, without the offending value. */
function wanted(rule: string, expected: unknown): string {
  switch (rule) {
    case 'type':
      return `expected ${show(expected)}`
    case 'required':
      return 'required field is missing'
    case 'nullable':
      return 'null is not allowed'
    case 'enum':
      return `not one of ${Array.isArray(expected) ? expected.map(show).join(',') : show(expected)}`
    case 'min':
      return `must be ≥ ${show(expected)}`
    case 'max':
      return `must be ≤ ${show(expected)}`
    case 'length': {
      const { min, max } = (expected ?? {}) as { min?: number; max?: number }
      return `length must be within ${min ?? 0}..${max ?? '∞'}`
    }
    case 'pattern':
      return `does not match ${show(expected)}`
    case 'format':
      return `not a valid ${show(expected)}`
    case 'unique':
      return 'repeats an earlier value (unique)'
    case 'check':
      return `fails the check ${show(expected)}`
    case 'unknown_field':
      return 'unknown field'
    case 'encoding':
      return `invalid ${show(expected)}`
    case 'depth':
      return `nests deeper than ${show(expected)} levels`
    default:
      return expected === undefined ? rule : `${rule} ${show(expected)}`
  }
}

/** Longest reason label (a long enum list or pattern is cut). */
const MAX_LABEL = 200

/** A reason as people read it, the same for every record it rejects: `price: must be ≥ 0`. */
export function reasonLabel(e: ReasonSource): string {
  const label = `${e.path === '' ? 'record' : e.path}: ${wanted(e.rule, e.expected)}`
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL)}…` : label
}

/** Distinct reasons tracked; past this, records count under one "other reasons" entry. */
const MAX_REASONS = 256
/** Reasons a report carries. */
export const TOP_REASONS = 10

/**
 * Counts invalid records by reason (a record with two errors counts under both), in bounded
 * memory whatever the input: at most {@link MAX_REASONS} distinct reasons, the rest as "other".
 */
export class ReasonTally {
  private readonly counts = new Map<string, { field: string; rule: string; count: number }>()
  private other = 0

  /** Counts one invalid record's errors (each reason once per record). */
  add(errors: readonly ReasonSource[]): void {
    const seen = new Set<string>()
    for (const e of errors) {
      const label = reasonLabel(e)
      if (seen.has(label)) continue
      seen.add(label)
      const entry = this.counts.get(label)
      if (entry) entry.count++
      else if (this.counts.size < MAX_REASONS)
        this.counts.set(label, { field: e.path, rule: e.rule, count: 1 })
      else this.other++
    }
  }

  /** The most frequent reasons, most frequent first (ties by label). */
  top(n = TOP_REASONS): InvalidReason[] {
    const all: InvalidReason[] = [...this.counts].map(([label, e]) => ({ ...e, label }))
    if (this.other > 0)
      all.push({ field: '', rule: 'other', label: 'other reasons', count: this.other })
    return topReasons(all, n)
  }
}

/** Sums reasons from several reports (slices) and keeps the top `n`. */
export function mergeReasons(
  lists: readonly (readonly InvalidReason[])[],
  n = TOP_REASONS,
): InvalidReason[] {
  const sum = new Map<string, InvalidReason>()
  for (const list of lists)
    for (const r of list) {
      const had = sum.get(r.label)
      sum.set(r.label, had ? { ...had, count: had.count + r.count } : r)
    }
  return topReasons([...sum.values()], n)
}

function topReasons(all: InvalidReason[], n: number): InvalidReason[] {
  return all
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
    .slice(0, n)
}

/** `price: must be ≥ 0 (97), currency: not one of USD,EUR (23)`. */
export function describeReasons(reasons: readonly InvalidReason[]): string {
  return reasons.map((r) => `${r.label} (${r.count})`).join(', ')
}
