// Summarises a V8 .cpuprofile: the functions with the most self time.
import { readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * Top `n` functions by self time, as { name, where, ms, share }.
 * @param {string} file a .cpuprofile written by `node --cpu-prof`
 */
export function topSelfTime(file, n = 12) {
  const profile = JSON.parse(readFileSync(file, 'utf8'))
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map()
  const dt = profile.timeDeltas
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i])
    const { functionName, url, lineNumber } = node.callFrame
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : ''
    const key = `${functionName || '(anonymous)'}\t${where}`
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0))
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, us]) => {
      const [name, where] = key.split('\t')
      return { name, where, ms: us / 1000, share: us / total }
    })
}

function shortUrl(url) {
  const p = url.replace(/^file:\/\//, '')
  const i = p.indexOf('/node_modules/')
  if (i >= 0) return p.slice(i + 1)
  const j = p.indexOf('/packages/')
  return j >= 0 ? p.slice(j + 1) : path.basename(p)
}
