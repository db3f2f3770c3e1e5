// The chain submitted to a running `runi serve` (Barn open, slice hosts warm): the daemon's
// figure. Starts the server in its own home, makes an instance admin token and the chain's
// herd, uploads the chain once as a pipeline version and runs it once untimed (warm-up), then
// REPEAT times timed from the POST of a run of that version to the run's `run-ended` event on
// its SSE stream (as `runi run --server` follows it; nothing polls the server meanwhile).
import { mkdirSync, readFileSync } from 'node:fs'
import { startServerChild } from './server-child.js'
import { timeCommand } from './time-command.js'

const RUNI = new URL('../../apps/cli/bin/runi.js', import.meta.url).pathname

/** One run of the uploaded chain, timed to its run-ended event; throws unless it succeeded. */
async function submitOnce(url, token, herd, pipeline, stages) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const t0 = performance.now()
  const r = await fetch(`${url}/api/v1/herds/${herd}/runs`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ pipeline, noCache: true }),
  })
  const submitted = await r.json()
  if (r.status !== 202) throw new Error(`submit: ${r.status} ${JSON.stringify(submitted)}`)
  const events = await fetch(`${url}/api/v1/herds/${herd}/runs/${submitted.runId}/events`, {
    headers: { ...headers, accept: 'text/event-stream' },
  })
  const decoder = new TextDecoder()
  let text = ''
  for await (const chunk of events.body) {
    text += decoder.decode(chunk, { stream: true })
    const at = text.indexOf('event: run-ended')
    if (at < 0) continue
    const end = text.indexOf('\n\n', at)
    if (end < 0) continue
    const wallMs = performance.now() - t0
    const data = text
      .slice(at, end)
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n')
    const { status } = JSON.parse(data)
    if (status.run.status !== 'succeeded' || status.stages.length !== stages)
      throw new Error(
        `the served run ended ${status.run.status} with ${status.stages.length} stages`,
      )
    return wallMs
  }
  throw new Error(`the event stream of run ${submitted.runId} ended without run-ended`)
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
  const bundle = { feature: 'chain.dsl', files }
  const server = await startServerChild([RUNI, 'serve', '--port', '0', '--home', home], env)
  try {
    await fetch(`${server.url}/api/v1/herds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: herd }),
    })
    const up = await fetch(`${server.url}/api/v1/herds/${herd}/pipelines`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(bundle),
    })
    if (up.status !== 200) throw new Error(`upload: ${up.status} ${await up.text()}`)
    const { name } = await up.json()
    await submitOnce(server.url, token, herd, name, stages)
    const walls = []
    for (let i = 0; i < repeat; i++) {
      const wallMs = await submitOnce(server.url, token, herd, name, stages)
      console.log(`  runink, submitted to runi serve (sandbox): ${wallMs.toFixed(0)} ms`)
      walls.push(wallMs)
    }
    return walls
  } finally {
    await server.stop()
  }
}
