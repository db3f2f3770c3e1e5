// Quick memory check: streams a generated CSV of the given size (default 1GB) through a Runink
// validate + mask stage in a child process, prints its peak RSS, exits 1 when over 200 MB.
// Usage: node bench/memory-check.js [size, e.g. 200MB | 1GB | 2GB]   (needs `npx tsc -b` first)
import { csvOfSize, LIMIT_MB, streamPeak } from './lib/stream-memory.js'

const size = process.argv[2] ?? '1GB'
const input = await csvOfSize(size)
const r = await streamPeak(input.file)
const peakMb = r.peakRssKb / 1024
const ok = r.records === input.records && peakMb < LIMIT_MB
console.log(
  `memory-check ${size}: ${r.records}/${input.records} records in ${(r.wallMs / 1000).toFixed(1)} s, ` +
    `peak RSS ${peakMb.toFixed(1)} MB (limit ${LIMIT_MB} MB) — ${ok ? 'ok' : 'FAIL'}`,
)
process.exit(ok ? 0 : 1)
