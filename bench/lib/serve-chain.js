// The chain submitted to a running `runi serve` (Barn open, slice hosts warm): the daemon's
// figure. Starts the server in its own home, makes an instance admin token and the chain's
// herd, submits the chain's bundle once untimed (warm-up), then REPEAT times timed from the
// POST to the run's end as the API reports it (polled every 10 ms).
import { mkdirSync, readFileSync } from 'node:fs'
import { startServerChild } from './server-child.js'
import { timeCommand } from './time-command.js'

const RUNI = new URL('../../apps/cli/bin/runi.js', import.meta.url).pathname

/** One submission of the bundle, timed to the run's end; throws unless it succeeded. */
async function submitOnce(url, token, herd, bundle, stages) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const t0 = performance.now()
  const r = await fetch(`${url}/api/v1/herds/${herd}/runs`, {
    method: 'POST',
    headers,
    body: JSON.stringify(bundle),
  })
  const submitted = await r.json()
  if (r.status !== 202) throw new Error(`submit: ${r.status} ${JSON.stringify(submitted)}`)
  // Polled through the cheap list (one row), not the run's whole status, which would compete
  // with the run itself for the embedded database.
  for (;;) {
    const page = await (await fetch(`${url}/api/v1/herds/${herd}/runs?limit=1`, { headers })).json()
    const run = page.items.find((x) => x.id === submitted.runId)
    if (run && !['queued', 'running'].includes(run.status)) {
      const wallMs = performance.now() - t0
      const s = await (
        await fetch(`${url}/api/v1/herds/${herd}/runs/${submitted.runId}`, { headers })
      ).json()
      if (s.run.status !== 'succeeded' || s.stages.length !== stages)
        throw new Error(`the served run ended ${s.run.status} with ${s.stages.length} stages`)
      return wallMs
    }
    await new Promise((res) => setTimeout(res, 10))
  }
}

/**
 * REPEAT timed runs of the chain in `dir` (chain.dsl, contracts/, items.csv) submitted with
 * noCache to `runi serve` in `${dir}home-serve`; resolves to their walls.
 */
export async function serveChain(dir, herd, stages, repeat) {
  const home = `${dir}home-serve`
  mkdirSync(home, { recursive: true })
  const env = { XDG_STATE_HOME: `${home}/.state`, RUNINK_KEEP_BARN: '0' }
  const { stdout } = await timeCommand(
    process.execPath,
    [RUNI, 'token', 'create', 'bench', '--instance', '--role', 'admin', '--home', home],
    { env },
  )
  const token = stdout.trim()
  const files = {}
  for (const f of ['chain.dsl', 'contracts/item.yaml', 'items.csv'])
    files[f] = readFileSync(`${dir}${f}`).toString('base64')
  const bundle = { feature: 'chain.dsl', files, noCache: true }
  const server = await startServerChild([RUNI, 'serve', '--port', '0', '--home', home], env)
  try {
    await fetch(`${server.url}/api/v1/herds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: herd }),
    })
    await submitOnce(server.url, token, herd, bundle, stages)
    const walls = []
    for (let i = 0; i < repeat; i++) {
      const wallMs = await submitOnce(server.url, token, herd, bundle, stages)
      console.log(`  runink, submitted to runi serve (sandbox): ${wallMs.toFixed(0)} ms`)
      walls.push(wallMs)
    }
    return walls
  } finally {
    await server.stop()
  }
}
