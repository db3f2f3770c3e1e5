// Run submissions against a running `runi serve`: a one-stage pipeline uploaded once as a
// version, then submitted by name (`{ pipeline }`) by a few concurrent clients for a fixed
// time; each submission is timed from the POST to its 202 (the run recorded and started).
// Then waits for every submitted run to end, so the end-to-end rate counts runs finished too.
import { quantile } from './stats.js'

const FEATURE = `@feature(name="Bench submit", herd="default", version="1.0.0")
@contract(path="contracts/")

Feature: Bench submit
  One stage: validates and republishes ten records (cached after the first run).

---

Scenario: Republish
  @source("csv://items.csv")
  @sink("dataset://bench.submitted")
  Given the contract: item
  Then republish the records
`

const CONTRACT = `contract: item
version: 1.0.0
owner: bench
classification: internal
description: A tiny record.
unknown_fields: reject
fields:
  id: { type: int, required: true, min: 1 }
  name: { type: string, required: true }
`

const CSV = `id,name\n${Array.from({ length: 10 }, (_, i) => `${i + 1},item${i + 1}`).join('\n')}\n`
const b64 = (s) => Buffer.from(s).toString('base64')

/**
 * `clients` clients submitting for `seconds` with an editor token: submissions/s, 202 latency
 * quantiles (ms), and how long until every submitted run had ended.
 */
export async function submitLoad(url, token, clients, seconds) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const bundle = {
    feature: 'submit.dsl',
    files: {
      'submit.dsl': b64(FEATURE),
      'contracts/item.yaml': b64(CONTRACT),
      'items.csv': b64(CSV),
    },
  }
  const up = await fetch(`${url}/api/v1/herds/default/pipelines`, {
    method: 'POST',
    headers,
    body: JSON.stringify(bundle),
  })
  if (up.status >= 300) throw new Error(`upload: ${up.status} ${await up.text()}`)
  const submit = async () => {
    const t0 = performance.now()
    const r = await fetch(`${url}/api/v1/herds/default/runs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ pipeline: 'Bench submit' }),
    })
    const body = await r.text()
    if (r.status !== 202) throw new Error(`submit: ${r.status} ${body}`)
    return performance.now() - t0
  }
  // Warm-up: the first run fills the cache, later ones are cache hits.
  for (let i = 0; i < 5; i++) await submit()
  await allEnded(url, headers)
  const latencies = []
  const started = performance.now()
  const deadline = started + seconds * 1000
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) latencies.push(await submit())
    }),
  )
  const submitting = (performance.now() - started) / 1000
  await allEnded(url, headers)
  const endToEnd = (performance.now() - started) / 1000
  return {
    rps: latencies.length / submitting,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    count: latencies.length,
    endToEnd,
  }
}

/**
 * Waits until the herd has no running run (a submitted run is running by its 202; queued runs
 * the benchmark seeded for its reads never start).
 */
async function allEnded(url, headers) {
  for (;;) {
    const page = await (
      await fetch(`${url}/api/v1/herds/default/runs?limit=1&status=running`, { headers })
    ).json()
    if (page.items.length === 0) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
