// Slice start latency: Runink's sandboxed slice host, pre-spawned and cold, against spawning
// /bin/true, unshare and bwrap running `true`, and a bare `node` process — all measured by the
// sandbox's own measureSliceStart, in one run. The same is repeated with `--isolation process`
// to show what the namespaces cost.
import os from 'node:os'
import { measureSliceStart } from '@runink/sandbox'
import { table, writeSection } from './lib/results.js'
import { loadText } from './lib/stats.js'
import { bareNodeStart, SLICE_ENV, withEnv } from './lib/bare-node-start.js'

const N = Number(process.env.BENCH_START_ITERATIONS ?? 40)
const TARGET_PRESPAWNED_MS = 2
const TARGET_COLD_RATIO = 1.3

const fmt = (x) => `${x.toFixed(2)} ms`

export async function run() {
  const loadBefore = os.loadavg()
  console.log(`  measuring slice start (sandbox), ${N} iterations each…`)
  // The supervisor starts slices with a minimal env; the baselines get the same one, so that
  // inherited variables (NODE_EXTRA_CA_CERTS makes every node start load a CA bundle) do not
  // slow the baselines alone.
  const sandbox = await withEnv(SLICE_ENV, () =>
    measureSliceStart({ iterations: N, mode: 'sandbox' }),
  )
  console.log(`  measuring slice start (process), ${N} iterations each…`)
  const proc = await withEnv(SLICE_ENV, () => measureSliceStart({ iterations: N, mode: 'process' }))
  console.log(`  measuring slice start (sandbox, no cgroup seeds), ${N} iterations each…`)
  const unseeded = await withEnv(SLICE_ENV, () =>
    measureSliceStart({ iterations: N, mode: 'sandbox', seeds: 0 }),
  )
  const inherited = await bareNodeStart(N, process.env)
  const extra = Object.keys(process.env).filter((k) => /^NODE_/.test(k))
  const loadAfter = os.loadavg()
  const bare = sandbox.bareNode
  const rows = [
    [`Runink pre-spawned slice (${sandbox.isolation}, ${sandbox.backend})`, sandbox.prespawned],
    [`Runink cold slice (${sandbox.isolation}, ${sandbox.backend})`, sandbox.cold],
    [`Runink pre-spawned slice (${proc.isolation}, ${proc.backend})`, proc.prespawned],
    [`Runink cold slice (${proc.isolation}, ${proc.backend})`, proc.cold],
    [
      `Runink cold slice (${unseeded.isolation}, ${unseeded.backend}), no cgroup seeds`,
      unseeded.cold,
    ],
    ['bare `node` slice host (spawn → answers its job)', bare],
    [`bare \`node\`, this shell's env (${extra.join(', ') || 'no NODE_* vars'})`, inherited],
    ['`spawn /bin/true` (→ exit)', sandbox.spawnTrue],
    ...(sandbox.unshareTrue
      ? [['`unshare` user+mount+pid+net+ipc+uts `true` (→ exit)', sandbox.unshareTrue]]
      : []),
    ...(sandbox.bwrapTrue
      ? [['`bwrap` with the slice namespaces and system view, `true` (→ exit)', sandbox.bwrapTrue]]
      : []),
  ]
  for (const [label, s] of rows) console.log(`  ${label}: p50 ${fmt(s.p50)}, p90 ${fmt(s.p90)}`)
  const coldRatio = sandbox.cold.p50 / bare.p50
  const verdict = (ok) => (ok ? '**met**' : '**missed**')
  const missing = [
    sandbox.unshareTrue ? undefined : '`unshare`',
    sandbox.bwrapTrue ? undefined : '`bwrap`',
  ].filter(Boolean)
  writeSection(
    'slice-start',
    'Slice start latency',
    `\`measureSliceStart\` from the built \`@runink/sandbox\`, ${N} iterations per row, in this process.
A slice counts as started when the slice host (a minimal Node program waiting for its job on a
pipe) answers its first message; the baselines count until the process exits. "Cold" launches
through the supervisor on demand (a distinct env keeps them out of the pool); "pre-spawned"
takes a sandbox the supervisor started ahead of demand (pool of 2, 150 ms between launches so it
refills as it would between stages). Where cgroups are available a cold slice takes one of the
supervisor's cgroup seeds: a shell already inside a fresh slice cgroup, which becomes the slice
with one \`exec\` (joining a cgroup costs the kernel an RCU grace period, ${fmt(unseeded.cold.p50 - sandbox.cold.p50)} here: the
"no cgroup seeds" row turns them off). Run with \`mode: 'sandbox'\`, with \`mode: 'process'\` and
with \`mode: 'sandbox'\` and no seeds; the baselines are from the first run. Every row but the last runs with the
env the supervisor gives slices (\`PATH HOME TMPDIR LANG\` only); the last shows a bare node
start with this shell's env, for comparison (not used in the ratios).${missing.length ? ` Not installed here: ${missing.join(', ')}.` : ''}
Load average (1/5/15 min) on this shared 2-core VM: ${loadText(loadBefore)} before, ${loadText(loadAfter)} after.

${table(
  ['path', 'p50', 'p90', 'mean', 'p50 ÷ bare node', 'p50 ÷ spawn /bin/true'],
  rows.map(([label, s]) => [
    label,
    fmt(s.p50),
    fmt(s.p90),
    fmt(s.mean),
    `${(s.p50 / bare.p50).toFixed(2)}×`,
    `${(s.p50 / sandbox.spawnTrue.p50).toFixed(1)}×`,
  ]),
)}

Ratios are time ÷ time (above 1 = slower than the baseline).

Targets (DESIGN §12):
- Pre-spawned p50 ≤ ${TARGET_PRESPAWNED_MS} ms: ${fmt(sandbox.prespawned.p50)} (${sandbox.isolation}) — ${verdict(sandbox.prespawned.p50 <= TARGET_PRESPAWNED_MS)}; ${(sandbox.prespawned.p50 / TARGET_PRESPAWNED_MS).toFixed(2)}× the target.
- Cold ≤ ${TARGET_COLD_RATIO}× a bare \`node\` start: ${coldRatio.toFixed(2)}× (${fmt(sandbox.cold.p50)} ÷ ${fmt(bare.p50)}) — ${verdict(coldRatio <= TARGET_COLD_RATIO)}.

The slice host measured here is minimal; a real stage's host also loads the engine's slice
runtime before it can take a job (see the chain benchmark), which pre-spawning hides only when
the pool already holds a host for that stage's template.`,
  )
}
