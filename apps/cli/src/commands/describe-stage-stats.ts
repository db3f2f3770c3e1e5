import type { RunDetail } from '@runink/store'

type StageDetail = RunDetail['stages'][number]

/** A dead-letter envelope as the Barn keeps it (see the engine's DeadLetter). */
interface KeptDeadLetter {
  readonly record?: unknown
  readonly errors?: ReadonlyArray<{ readonly message?: string }>
  readonly source?: { readonly uri?: string; readonly position?: number } | null
}

/**
 * The count cells of a stage in `runi status`: IN, VALID, INVALID, FILTERED, OUT from its
 * recorded stats (they reconcile: in + added = valid + invalid + filtered); for a stage
 * without them (cached, skipped, recorded by an older runi) the slices' counts, `-` where
 * unknown.
 */
export function stageCountCells(s: StageDetail): string[] {
  const st = s.stats
  if (st === null)
    return [
      String(s.counts.recordsIn),
      '-',
      String(s.counts.recordsInvalid),
      '-',
      String(s.counts.recordsOut),
    ]
  const filtered = st.added > 0 ? `${st.filtered} (+${st.added} added)` : String(st.filtered)
  return [String(st.in), String(st.valid), String(st.invalid), filtered, String(st.out)]
}

/** `  metrics of <stage>: k=v, …` for each stage whose steps counted with `ctx.count()`. */
export function describeMetrics(d: RunDetail): string[] {
  return d.stages.flatMap((s) => {
    const metrics = Object.entries(s.stats?.metrics ?? {})
    if (metrics.length === 0) return []
    return [`  metrics of ${s.stage}: ${metrics.map(([k, v]) => `${k}=${v}`).join(', ')}`]
  })
}

/** `  top reasons of <stage>: price: must be ≥ 0 (97), …` for failed stages with invalid records. */
export function describeFailedReasons(d: RunDetail): string[] {
  return d.stages.flatMap((s) => {
    const reasons = s.stats?.reasons ?? []
    if (s.status !== 'failed' || reasons.length === 0 || s.error?.includes('top reasons')) return []
    return [
      `  top reasons of ${s.stage}: ${reasons.map((r) => `${r.label} (${r.count})`).join(', ')}`,
    ]
  })
}

const fileOf = (uri: string): string =>
  /^(csv|tsv|jsonl|ndjson|json|parquet|file):\/\/(.*)$/.exec(uri)?.[2] ?? uri

/** Where a kept dead letter was read: `record 3 of data/prices.csv`. */
function whereOf(letter: KeptDeadLetter): string {
  const s = letter.source
  if (s?.uri === undefined || s.position === undefined)
    return 'a record made by a step (no input position)'
  return `record ${s.position} of ${fileOf(s.uri)}`
}

/** Longest record shown in `--errors` (its JSON). */
const RECORD_CHARS = 400

/**
 * What `runi status <run> --errors` adds: for each stage with invalid records, the top reasons
 * with their counts and, for a failed stage, its first invalid records as read (its evidence:
 * a failed stage publishes nothing, dead letters included).
 */
export function describeStageErrors(d: RunDetail): string[] {
  const lines: string[] = []
  for (const s of d.stages) {
    const st = s.stats
    if (st === null || (st.reasons.length === 0 && (st.sample ?? []).length === 0)) continue
    lines.push('', `invalid records of ${s.stage} (${s.status}): ${st.invalid} of ${st.in}`)
    if (st.reasons.length > 0) {
      lines.push('  top reasons:')
      const width = Math.max(...st.reasons.map((r) => String(r.count).length))
      for (const r of st.reasons) lines.push(`    ${String(r.count).padStart(width)}  ${r.label}`)
    }
    const sample = (st.sample ?? []) as readonly KeptDeadLetter[]
    if (sample.length > 0) {
      lines.push('  first invalid records:')
      for (const letter of sample) {
        const why = (letter.errors ?? []).map((e) => e.message ?? '').join('; ')
        lines.push(`    ${whereOf(letter)}: ${why}`)
        const json = JSON.stringify(letter.record ?? null)
        lines.push(
          `      ${json.length > RECORD_CHARS ? `${json.slice(0, RECORD_CHARS)}… (${json.length} characters)` : json}`,
        )
      }
    }
  }
  if (lines.length === 0) lines.push('', 'no invalid records recorded for this run')
  return lines
}
