// Bare `node` start as the slice-start benchmark sees it, under a given environment: spawn a
// minimal host that answers one message on fd 3 (the same host measureSliceStart uses).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { quantile } from './stats.js'

const HOST = `const s = new (require('node:net').Socket)({ fd: 3, readable: true, writable: true })
let b = ''
s.on('data', (d) => { b += d; if (b.includes('\\n')) s.end('{"started":true}\\n') })
`

/** The environment the supervisor gives a slice (local-launcher's defaults). */
export const SLICE_ENV = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/tmp',
  TMPDIR: '/tmp',
  LANG: 'C.UTF-8',
}

/** p50, p90 and mean (ms) of `n` bare node starts under `env`. */
export async function bareNodeStart(n, env) {
  const dir = mkdtempSync(join(tmpdir(), 'runink-bare-'))
  const host = join(dir, 'host.cjs')
  writeFileSync(host, HOST)
  const times = []
  try {
    for (let i = 0; i < n; i++) {
      const started = performance.now()
      const child = spawn(process.execPath, [host], {
        env,
        stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
      })
      const exited = new Promise((ok) => child.once('exit', ok))
      child.stdio[3].write('{}\n')
      await new Promise((ok) => child.stdio[3].once('data', ok))
      times.push(performance.now() - started)
      await exited
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const mean = times.reduce((a, b) => a + b, 0) / n
  return { n, p50: quantile(times, 0.5), p90: quantile(times, 0.9), mean }
}

/** Runs `fn` with process.env reduced to exactly `env` (children inherit it), then restores it. */
export async function withEnv(env, fn) {
  const saved = { ...process.env }
  for (const key of Object.keys(process.env)) delete process.env[key]
  Object.assign(process.env, env)
  try {
    return await fn()
  } finally {
    for (const key of Object.keys(process.env)) delete process.env[key]
    Object.assign(process.env, saved)
  }
}
