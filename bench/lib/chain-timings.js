// Per-stage timings of one chain run, read from the Barn (`runi status <run> --json`) and from
// the run's own `--json` result (time spent inside each slice on the records).

const ms = (iso) => new Date(iso).getTime()

/**
 * Samples from one run: `handoff` (previous stage finished → next stage started),
 * `toSlice` (previous stage finished → next stage's slice started), `stage` (stage started →
 * finished), `slice` (slice launched → exited), `tail` (slice exited → stage finished: commit,
 * lineage, Barn rows), `inSlice` (records work inside the slice) and `span` (run started → finished).
 * @param {any} detail `runi status --json` of the run
 * @param {any} result `runi run --json` of the run
 */
export function chainTimings(detail, result) {
  const stages = [...detail.stages].sort((a, b) => ms(a.startedAt) - ms(b.startedAt))
  const out = { handoff: [], toSlice: [], stage: [], slice: [], tail: [], inSlice: [], span: 0 }
  for (let i = 0; i < stages.length; i++) {
    const s = stages[i]
    out.stage.push(ms(s.finishedAt) - ms(s.startedAt))
    const last = s.slices.at(-1)
    if (last?.startedAt && last.finishedAt) {
      out.slice.push(ms(last.finishedAt) - ms(last.startedAt))
      out.tail.push(ms(s.finishedAt) - ms(last.finishedAt))
    }
    if (i === 0) continue
    const prev = stages[i - 1]
    out.handoff.push(ms(s.startedAt) - ms(prev.finishedAt))
    const slice = s.slices.find((x) => x.attempt === 1) ?? s.slices[0]
    if (slice?.startedAt) out.toSlice.push(ms(slice.startedAt) - ms(prev.finishedAt))
  }
  for (const s of result.stages) {
    if (typeof s.stats?.durationMs === 'number') out.inSlice.push(s.stats.durationMs)
  }
  out.span = ms(detail.run.finishedAt) - ms(detail.run.startedAt)
  return out
}
