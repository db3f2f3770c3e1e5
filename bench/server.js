// The control plane's authenticated reads: `GET /api/v1/herds/default/runs?limit=20` with a
// bearer token against `runi serve` (a child process, as users run it) on the embedded Barn
// (PGlite) and on PostgreSQL, beside a bare Hono route on the same Node HTTP server as the
// floor. A fixed number of concurrent keep-alive clients in this process, for a fixed time;
// requests/s and latency percentiles. Then run submissions to the same server (see
// lib/submit-load.js): submissions/s, 202 latency, and the time until every run had ended.
import { mkdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import { openBarn } from '@runink/store'
import { createTestDatabase } from '@runink/testing'
import { table, writeSection } from './lib/results.js'
import { startServerChild } from './lib/server-child.js'
import { submitLoad } from './lib/submit-load.js'
import { loadText, quantile } from './lib/stats.js'
import { timeCommand } from './lib/time-command.js'
import { WORK } from './lib/trades-csv.js'

const RUNI = new URL('../apps/cli/bin/runi.js', import.meta.url).pathname
const BARE = new URL('./lib/bare-hono.js', import.meta.url).pathname
const DIR = `${WORK}server/`
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8)
const RUNS = 200
const SUBMITTERS = Number(process.env.BENCH_SUBMITTERS ?? 4)

/** CONCURRENCY clients asking `path` for SECONDS; requests/s and latency quantiles (ms). */
async function load(url, token) {
  const headers = token ? { authorization: `Bearer ${token}` } : {}
  const target = `${url}/api/v1/herds/default/runs?limit=20`
  // Warm-up: connections open, code paths compiled.
  for (let i = 0; i < 200; i++) await (await fetch(target, { headers })).arrayBuffer()
  const latencies = []
  let failed = 0
  const deadline = performance.now() + SECONDS * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now()
        const r = await fetch(target, { headers })
        await r.arrayBuffer()
        if (r.status !== 200) failed++
        latencies.push(performance.now() - t0)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  if (failed > 0) throw new Error(`${failed} requests to ${target} failed`)
  return {
    rps: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    count: latencies.length,
  }
}

/** A Barn with RUNS queued runs in herd default, and an instance-wide viewer token for it. */
async function seed(home, databaseUrl) {
  const env = { XDG_STATE_HOME: `${DIR}state`, RUNINK_KEEP_BARN: '0' }
  const barn = await openBarn({ home, ...(databaseUrl ? { databaseUrl } : {}) })
  const plan = await barn.plans.put({ bench: true }, { name: 'bench' })
  for (let i = 0; i < RUNS; i++) await barn.runs.create({ planHash: plan.hash })
  await barn.close()
  const token = async (role) => {
    const { stdout } = await timeCommand(
      process.execPath,
      [RUNI, 'token', 'create', `bench-${role}`, '--instance', '--role', role, '--home', home],
      { env: { ...env, ...(databaseUrl ? { RUNINK_DATABASE_URL: databaseUrl } : {}) } },
    )
    return stdout.trim()
  }
  return { token: await token('viewer'), editor: await token('editor'), env }
}

async function measureRuni(label, databaseUrl) {
  const home = `${DIR}${label}`
  mkdirSync(home, { recursive: true })
  const { token, editor, env } = await seed(home, databaseUrl)
  const server = await startServerChild([RUNI, 'serve', '--port', '0', '--home', home], {
    ...env,
    ...(databaseUrl ? { RUNINK_DATABASE_URL: databaseUrl } : {}),
  })
  try {
    const reads = await load(server.url, token)
    const submits = await submitLoad(server.url, editor, SUBMITTERS, SECONDS)
    return { reads, submits }
  } finally {
    await server.stop()
  }
}

export async function run() {
  rmSync(DIR, { recursive: true, force: true })
  mkdirSync(DIR, { recursive: true })
  const loadBefore = os.loadavg()
  const bare = await startServerChild([BARE], {})
  let floor
  try {
    floor = await load(bare.url)
  } finally {
    await bare.stop()
  }
  console.log(`  bare Hono: ${floor.rps.toFixed(0)} req/s`)
  const pglite = await measureRuni('pglite')
  console.log(
    `  runi serve, PGlite: ${pglite.reads.rps.toFixed(0)} req/s, ${pglite.submits.rps.toFixed(1)} submissions/s`,
  )
  const db = await createTestDatabase()
  let postgres
  try {
    postgres = await measureRuni('postgres', db.url)
  } finally {
    await db.drop()
  }
  console.log(
    `  runi serve, PostgreSQL: ${postgres.reads.rps.toFixed(0)} req/s, ${postgres.submits.rps.toFixed(1)} submissions/s`,
  )
  const loadAfter = os.loadavg()
  const row = (label, r) => [
    label,
    r.rps.toFixed(0),
    `${r.p50.toFixed(1)} ms`,
    `${r.p99.toFixed(1)} ms`,
    String(r.count),
    `${(r.rps / floor.rps).toFixed(2)}`,
  ]
  writeSection(
    'server',
    'The control plane: authenticated reads and run submissions',
    `\`GET /api/v1/herds/default/runs?limit=20\` (a page of 20 of ${RUNS} runs, as JSON) with an
instance-wide viewer token, against \`runi serve\` in a child process, on the embedded Barn
(PGlite in a project folder) and on PostgreSQL (127.0.0.1, a fresh database), beside a bare Hono
route on the same Node HTTP server (\`@hono/node-server\`) answering a fixed empty page: the
floor. Each request authenticates its token against the Barn (one UPDATE of its last use),
checks the route's rule, reads the page and writes a log line. ${CONCURRENCY} keep-alive clients
in the benchmark's own process for ${SECONDS} s each, after 200 warm-up requests; the clients
share this 2-core VM with the server. Load average (1/5/15 min): ${loadText(loadBefore)} before,
${loadText(loadAfter)} after.

${table(
  ['server', 'requests/s', 'p50', 'p99', 'requests', '÷ bare Hono (requests/s)'],
  [
    row('bare Hono route (floor)', floor),
    row('runi serve, PGlite', pglite.reads),
    row('runi serve, PostgreSQL', postgres.reads),
  ],
)}

### Run submissions

Then, on the same server, a one-stage pipeline (ten records validated and republished) uploaded
once as a pipeline version and submitted by name (\`POST /api/v1/herds/default/runs\`
\`{ "pipeline": "Bench submit" }\`) by ${SUBMITTERS} concurrent clients with an instance-wide editor
token for ${SECONDS} s, after 5 warm-up runs (the first fills the cache: the timed runs are cache
hits, so this measures the control plane and the Barn, not a slice). A submission is timed from
the POST to its 202, which the server sends once the run is recorded and started; the runs go on
after it. "All ended" is from the first timed POST until no run was running.

${table(
  [
    'server',
    'submissions/s',
    'p50 (POST → 202)',
    'p99',
    'runs',
    'all ended after',
    'runs ended/s',
    '÷ bare Hono (requests/s)',
  ],
  [pglite, postgres].map((r, i) => [
    i === 0 ? 'runi serve, PGlite' : 'runi serve, PostgreSQL',
    r.submits.rps.toFixed(1),
    `${r.submits.p50.toFixed(1)} ms`,
    `${r.submits.p99.toFixed(1)} ms`,
    String(r.submits.count),
    `${r.submits.endToEnd.toFixed(1)} s`,
    (r.submits.count / r.submits.endToEnd).toFixed(1),
    (r.submits.rps / floor.rps).toFixed(4),
  ]),
)}

The 40-stage chain submitted to a running \`runi serve\` (POST to run end) is in the chain section
above.`,
  )
}
