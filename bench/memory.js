// Memory: peak RSS of a Runink stage (coerce-validate + mask → JSONL) streaming a 2 GB CSV,
// against DuckDB (1 thread) doing the same transform on the same file.
import { perSecond, table, writeSection } from './lib/results.js'
import { csvOfSize, LIMIT_MB, streamPeak } from './lib/stream-memory.js'
import { SLICE_NODE_FLAGS } from '@runink/engine'

const SIZE = process.env.BENCH_MEMORY_SIZE ?? '2GB'

export async function run() {
  console.log(`  generating a ${SIZE} CSV (once; kept in bench/.work/)…`)
  const input = await csvOfSize(SIZE)
  const rows = []
  for (const [label, who] of [
    ['Runink runSlice (coerce → mask → JSONL)', 'runink'],
    ['DuckDB node-api, 1 thread (same transform)', 'duckdb'],
  ]) {
    console.log(`  ${label}…`)
    const r = await streamPeak(input.file, who)
    if (r.records !== input.records)
      throw new Error(`${label} wrote ${r.records} of ${input.records} records`)
    console.log(`  ${label}: peak RSS ${(r.peakRssKb / 1024).toFixed(0)} MB`)
    rows.push({ label, ...r })
  }
  const ours = rows[0]
  const mb = (kb) => kb / 1024
  writeSection(
    'memory',
    `Memory: streaming a ${SIZE} CSV through validate + mask`,
    `${input.records.toLocaleString('en')} generated trade records (${(input.bytes / 2 ** 30).toFixed(2)} GiB CSV, contract
\`bench/fixtures/trade-pii.yaml\`) streamed to JSONL in a fresh child process (Runink's with a slice
host's Node flags, \`${SLICE_NODE_FLAGS.join(' ')}\`); peak RSS is the
child's \`VmHWM\` at exit. Quick check for other sizes: \`node bench/memory-check.js 1GB\`.
This is one stage's runtime (\`runSlice\`) alone, the process that holds the records; a whole
\`runi run\` adds the CLI's process (with the embedded Barn, PGlite) and the slice supervisor's,
whose memory does not grow with the input but is not counted here.

${table(
  ['contender', 'peak RSS', 'records/s (wall)', 'Runink ÷ this (RSS; above 1 = Runink smaller)'],
  rows.map((r) => [
    r.label,
    `${mb(r.peakRssKb).toFixed(0)} MB`,
    perSecond(r.records / (r.wallMs / 1000)),
    (r.peakRssKb / ours.peakRssKb).toFixed(2),
  ]),
)}

Target (DESIGN §12): peak RSS under ${LIMIT_MB} MB — ${mb(ours.peakRssKb).toFixed(0)} MB, ${mb(ours.peakRssKb) < LIMIT_MB ? '**met**' : '**missed**'}.`,
  )
}
