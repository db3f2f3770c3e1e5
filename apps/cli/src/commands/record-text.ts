import { stringify } from 'csv-stringify/sync'

/** A CSV cell for a value: empty for absent/null, JSON for nested values. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** CSV text (with header when `header` is true) for records over fixed columns. */
export function toCsv(
  records: readonly Record<string, unknown>[],
  columns: readonly string[],
  header: boolean,
  delimiter = ',',
): string {
  const rows = records.map((r) => columns.map((c) => csvCell(r[c])))
  return stringify(header ? [columns as string[], ...rows] : rows, { delimiter })
}

/** NDJSON text for records. */
export function toJsonl(records: readonly Record<string, unknown>[]): string {
  let out = ''
  for (const r of records) out += `${JSON.stringify(r)}\n`
  return out
}
