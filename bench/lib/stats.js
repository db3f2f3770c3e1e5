// Small order statistics for benchmark samples.

/** The q-quantile (0..1) of `values` by nearest rank; NaN when empty. */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

/** The median of `values` (the middle sample; the upper one of an even count). */
export function median(values) {
  return quantile(values, 0.5)
}

/** The 1-, 5- and 15-minute load averages as text, e.g. "1.53 / 3.95 / 4.32". */
export function loadText(loadavg) {
  return loadavg.map((x) => x.toFixed(2)).join(' / ')
}
