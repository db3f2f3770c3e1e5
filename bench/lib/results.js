import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { describeMachine } from './machine.js'

const FILE = new URL('../RESULTS.md', import.meta.url)
const HEADER = `# Benchmark results

Written by \`npm run bench\` (bench/). Each section is replaced when its benchmark runs again;
numbers are from one run on the machine named in the section. Ratios compare Runink with the
peer on the same input in the same run: above 1 means Runink is faster (or smaller).
`

/**
 * Replaces (or appends) the section `name` of bench/RESULTS.md.
 * @param {string} name
 * @param {string} title
 * @param {string} body markdown
 */
export function writeSection(name, title, body) {
  const text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER
  const start = `<!-- bench:${name} -->`
  const end = `<!-- /bench:${name} -->`
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ')
  const section = `${start}\n## ${title}\n\n_${when} UTC — ${describeMachine()}_\n\n${body.trim()}\n${end}`
  const i = text.indexOf(start)
  const j = text.indexOf(end)
  const next =
    i >= 0 && j > i
      ? text.slice(0, i) + section + text.slice(j + end.length)
      : `${text.trimEnd()}\n\n${section}\n`
  writeFileSync(FILE, next)
}

/** A markdown table from a header row and rows. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** Formats a count per second. */
export function perSecond(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M/s` : `${(n / 1e3).toFixed(0)}k/s`
}
