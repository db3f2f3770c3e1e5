import path from 'node:path'
import { describeReasons, type RunResult } from '@runink/engine'
import type { CliIo } from '../cli-io.js'
import { colorsFor, println } from '../output.js'
import { describeIsolation } from './describe-isolation.js'

/** The end-of-run report for people: stages, records, where invalid records went, datasets. */
export function printSummary(
  io: CliIo,
  result: RunResult,
  isolation: string,
  where: { home: string; herd: string },
): void {
  const c = colorsFor(io)
  const status =
    result.status === 'succeeded'
      ? c.green('succeeded')
      : result.status === 'failed'
        ? c.red('failed')
        : c.yellow(result.status)
  println(
    io,
    `Run ${result.runId} ${status} in ${(result.durationMs / 1000).toFixed(1)}s (isolation: ${describeIsolation(isolation)})`,
  )
  const width = Math.max(5, ...result.stages.map((s) => s.id.length))
  const n = (v: number | undefined): string => String(v ?? '-').padStart(8)
  // in + added = valid + invalid + filtered; out: valid records written (never dead letters).
  println(
    io,
    c.dim(
      `  ${'stage'.padEnd(width)}  ${'status'.padEnd(9)}  ${['in', 'valid', 'invalid', 'filtered', 'out'].map((h) => h.padStart(8)).join('  ')}  attempts`,
    ),
  )
  for (const s of result.stages) {
    const st = s.stats
    const cells = [
      st?.records.in,
      st?.valid.count,
      st?.invalid.count,
      st?.filtered,
      st?.records.out,
    ]
    println(
      io,
      `  ${s.id.padEnd(width)}  ${s.status.padEnd(9)}  ${cells.map(n).join('  ')}  ${s.attempts}`,
    )
    if (st && st.added > 0)
      println(io, c.dim(`    ${st.added} record(s) added by steps that return several for one`))
    if (s.error) println(io, `    ${c.red(s.error.split('\n').join('\n    '))}`)
    // A failed stage publishes nothing: its top reasons are shown here, its evidence kept.
    if (s.status === 'failed' && st && st.reasons.length > 0 && !s.error?.includes('top reasons'))
      println(io, `    top reasons: ${describeReasons(st.reasons)}`)
    const metrics = Object.entries(st?.metrics ?? {})
    if (metrics.length > 0)
      println(io, `    metrics: ${metrics.map(([k, v]) => `${k}=${v}`).join(', ')}`)
  }
  for (const s of result.stages) {
    for (const o of s.outputs.filter((o) => o.invalid && o.version.recordCount > 0)) {
      println(io, `Invalid records of ${s.id}: ${o.version.recordCount} → ${o.uri}`)
    }
  }
  const written = result.stages.flatMap((st) => st.outputs.map((o) => ({ st, o })))
  if (written.length > 0) {
    println(io, 'Outputs:')
    const w = Math.max(...written.map(({ o }) => o.version.ref.length))
    for (const { st, o } of written) {
      const cached = st.status === 'cached' ? c.cyan(' (cached)') : ''
      const records = `${String(o.version.recordCount).padStart(7)} records`
      println(io, `  ${o.version.ref.padEnd(w)} ${records}${o.path ? `  → ${o.uri}` : ''}${cached}`)
    }
  }
  const hits = result.stages.filter((s) => s.status === 'cached').length
  println(io, `Cache hits: ${hits} of ${result.stages.length} stage(s)`)
  const rel = path.relative(io.cwd, where.home) || '.'
  const home = rel === '.' ? '' : ` --home ${rel}`
  const herd = where.herd === 'default' ? '' : ` --herd ${where.herd}`
  const dataset = result.stages
    .flatMap((st) => st.outputs)
    .filter((o) => !o.invalid && o.uri.startsWith('dataset://'))
    .pop()
  println(io, c.dim('Next:'))
  const evidence = result.stages.some(
    (s) => s.status === 'failed' && (s.stats?.reasons.length ?? 0) > 0,
  )
  println(io, c.dim(`  runi status ${result.runId}${evidence ? ' --errors' : ''}${home}`))
  if (dataset) println(io, c.dim(`  runi lineage ${dataset.uri}${herd}${home}`))
  println(io, c.dim(`  runi audit verify${home}`))
}
