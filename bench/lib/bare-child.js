// Child process: the physical floor for Node — stream the CSV in 256 KiB chunks, split at the
// last newline, parse the complete lines with csv-parse (sync, header as columns), write each
// record with JSON.stringify, with backpressure; nothing else (no types, no checks, no masking).
// With `papaparse` as third argument it parses with papaparse (the parser Runink's CSV reader
// drives); with `split` it splits lines on commas (no quoting — not a CSV parser; it shows what
// a hand-written scanner could reach).
// Usage: node bare-child.js <csv> <out.jsonl> [csv-parse|papaparse|split]
import { createReadStream, createWriteStream } from 'node:fs'
import { parse } from 'csv-parse/sync'
import Papa from 'papaparse'
import { report } from './child-stats.js'

const [csv, out, parser = 'csv-parse'] = process.argv.slice(2)
const sink = createWriteStream(out, { highWaterMark: 256 * 1024 })
let columns
let rest = ''
let records = 0

async function emit(text) {
  if (text === '') return
  if (columns === undefined) {
    const nl = text.indexOf('\n')
    columns = text.slice(0, nl).split(',')
    text = text.slice(nl + 1)
  }
  let json = ''
  const rows =
    parser === 'split'
      ? splitLines(text)
      : parser === 'papaparse'
        ? papaLines(text)
        : parse(text, { columns })
  for (const record of rows) {
    json += JSON.stringify(record) + '\n'
    records++
  }
  if (!sink.write(json)) await new Promise((ok) => sink.once('drain', ok))
}

function papaLines(text) {
  const { data } = Papa.parse(text, { delimiter: ',', newline: '\n', skipEmptyLines: true })
  return data.map((cells) => {
    const record = {}
    for (let k = 0; k < columns.length; k++) record[columns[k]] = cells[k]
    return record
  })
}

function splitLines(text) {
  const out = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    const cells = line.split(',')
    const record = {}
    for (let k = 0; k < columns.length; k++) record[columns[k]] = cells[k]
    out.push(record)
  }
  return out
}

for await (const chunk of createReadStream(csv, { highWaterMark: 256 * 1024, encoding: 'utf8' })) {
  const text = rest + chunk
  const cut = text.lastIndexOf('\n') + 1
  rest = text.slice(cut)
  await emit(text.slice(0, cut))
}
await emit(rest)
await new Promise((ok, fail) => sink.end((e) => (e ? fail(e) : ok())))
report({ recordsIn: records, records })
