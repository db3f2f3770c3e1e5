// A chain of 40 trivial dependent stages end to end: `runi run --no-cache` (sandboxed and
// unisolated) against GNU make and Snakemake running the same chain of `cp`s, in one run.
import { spawnSync } from 'node:child_process'
import { readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import { table, writeSection } from './lib/results.js'
import { writeChainFiles } from './lib/chain-files.js'
import { chainTimings } from './lib/chain-timings.js'
import { loadText, median, quantile } from './lib/stats.js'
import { timeCommand } from './lib/time-command.js'
import { machineBusyMs } from './lib/machine.js'
import { bareNodeStart, SLICE_ENV } from './lib/bare-node-start.js'
import { createTestDatabase } from '@runink/testing'
import { serveChain } from './lib/serve-chain.js'

const STAGES = Number(process.env.BENCH_CHAIN_STAGES ?? 40)
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3)
const TARGET_MS = 1000
const TARGET_HANDOFF_MS = 10
const RUNI = new URL('../apps/cli/bin/runi.js', import.meta.url).pathname
const MODES = ['sandbox', 'none']

const has = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0
const toolVersion = (cmd) =>
  spawnSync('sh', ['-c', cmd], { encoding: 'utf8' }).stdout.split('\n')[0]?.trim()

const runi = (args, cwd, env) => timeCommand(process.execPath, [RUNI, ...args], { cwd, env })

/**
 * REPEAT timed runs of `runi run`, after an untimed first one that creates the Barn (read-only
 * commands such as `runi runs` no longer make one). With `databaseUrl` the Barn is that
 * PostgreSQL database instead of the embedded PGlite.
 */
async function runink(dir, mode, databaseUrl) {
  const home = `${dir}home-${mode}${databaseUrl ? '-pg' : ''}`
  const env = databaseUrl ? { RUNINK_DATABASE_URL: databaseUrl } : undefined
  const args = ['run', 'chain.dsl', '--no-cache', '--isolation', mode, '--home', home, '--json']
  await runi(args, dir, env)
  const runs = []
  for (let i = 0; i < REPEAT; i++) {
    const busyBefore = machineBusyMs()
    const { wallMs, stdout } = await runi(args, dir, env)
    const busyMs = (machineBusyMs() ?? NaN) - (busyBefore ?? NaN)
    const result = JSON.parse(stdout)
    if (result.status !== 'succeeded' || result.stages.length !== STAGES)
      throw new Error(
        `runi run (${mode}) ended ${result.status} with ${result.stages.length} stages`,
      )
    const status = await runi(['status', result.runId, '--home', home, '--json'], dir, env)
    const timings = chainTimings(JSON.parse(status.stdout), result)
    console.log(
      `  runink --isolation ${mode}${databaseUrl ? ' (PostgreSQL)' : ''} (recorded ${result.isolation}): ${wallMs.toFixed(0)} ms`,
    )
    runs.push({ wallMs, busyMs, isolation: result.isolation, ...timings })
  }
  return runs
}

/** REPEAT timed runs of a peer, its outputs removed before each one. */
async function peer(label, short, dir, file, args) {
  const walls = []
  for (let i = 0; i < REPEAT + 1; i++) {
    for (const f of readdirSync(`${dir}/out`)) rmSync(`${dir}/out/${f}`, { force: true })
    const { wallMs } = await timeCommand(file, args, { cwd: dir })
    if (i === 0) continue // warm-up: interpreter and page cache
    console.log(`  ${label}: ${wallMs.toFixed(0)} ms`)
    walls.push(wallMs)
  }
  return { label, short, wallMs: median(walls), walls }
}

export async function run() {
  const loadBefore = os.loadavg()
  const dir = writeChainFiles(STAGES)
  const rows = []
  for (const mode of MODES) {
    const runs = await runink(dir, mode)
    const wall = median(runs.map((r) => r.wallMs))
    rows.push({
      label: `Runink \`runi run --no-cache --isolation ${mode}\``,
      wallMs: wall,
      mode,
      runs,
    })
  }
  // The production set-up: the Barn in PostgreSQL (a fresh database on the local server).
  const pg = await createTestDatabase().catch((error) => {
    console.log(`  no PostgreSQL for the Barn (${error.message}): that row is left out`)
    return undefined
  })
  if (pg) {
    try {
      const runs = await runink(dir, 'sandbox', pg.url)
      rows.push({
        label: 'Runink `runi run --no-cache --isolation sandbox`, Barn in PostgreSQL',
        wallMs: median(runs.map((r) => r.wallMs)),
        mode: 'sandbox',
        barn: 'PostgreSQL',
        runs,
      })
    } finally {
      await pg.drop()
    }
  }
  // The daemon: the same chain submitted to a running `runi serve` (Barn open, slices warm).
  const served = await serveChain(dir, 'bench', STAGES, REPEAT)
  const serverRow = {
    label:
      'Runink run of an uploaded pipeline version on a running `runi serve` (sandbox, no cache), POST to its run-ended event (SSE)',
    wallMs: median(served),
    walls: served,
    server: true,
  }
  const bareNode = await bareNodeStart(20, SLICE_ENV)
  const peers = []
  if (has('make'))
    peers.push(await peer(toolVersion('make --version'), 'make', `${dir}make`, 'make', ['-s']))
  const snake = has('snakemake')
  if (snake)
    peers.push(
      await peer(
        `Snakemake ${toolVersion('snakemake --version')}`,
        'Snakemake',
        `${dir}snakemake`,
        'snakemake',
        ['--cores', '1', '--quiet'],
      ),
    )
  const loadAfter = os.loadavg()
  writeSection(
    'chain',
    `Chain of ${STAGES} trivial dependent stages, end to end`,
    body({ rows, serverRow, peers, snake, loadBefore, loadAfter, bareNode }),
  )
}

function body({ rows, serverRow, peers, snake, loadBefore, loadAfter, bareNode }) {
  const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : '–')
  const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–')
  const all = [...rows, serverRow, ...peers]
  const ratioCols = peers.map((p) => `Runink ÷ ${p.short}`)
  const wallTable = table(
    ['contender', `wall (median of ${REPEAT})`, 'runs', 'per stage', 'vs 1 s target', ...ratioCols],
    all.map((r) => [
      r.label,
      `${f0(r.wallMs)} ms`,
      (r.runs ?? r.walls).map((x) => f0(x.wallMs ?? x)).join(', '),
      `${f1(r.wallMs / STAGES)} ms`,
      `${(r.wallMs / TARGET_MS).toFixed(2)}×`,
      ...peers.map((p) => (r.runs || r.server ? `${(r.wallMs / p.wallMs).toFixed(1)}×` : '–')),
    ]),
  )
  const pooled = (r, key) => r.runs.flatMap((x) => x[key])
  const stageTable = table(
    [
      'isolation (recorded)',
      'run span (Barn)',
      'CLI outside the run',
      'handoff p50 / p90',
      'handoff incl. slice start p50 / p90',
      'stage p50 / p90',
      'slice launch → exit p50 / p90',
      'slices < 100 ms',
      'slice exit → stage done p50',
      'records work in slice p50',
      'CPU, all processes (per stage)',
      'cores busy',
    ],
    rows.map((r) => {
      const span = median(r.runs.map((x) => x.span))
      return [
        `${r.mode} (${r.runs[0].isolation})${r.barn ? `, ${r.barn}` : ''}`,
        `${f0(span)} ms`,
        `${f0(r.wallMs - span)} ms`,
        `${f0(quantile(pooled(r, 'handoff'), 0.5))} / ${f0(quantile(pooled(r, 'handoff'), 0.9))} ms`,
        `${f0(quantile(pooled(r, 'toSlice'), 0.5))} / ${f0(quantile(pooled(r, 'toSlice'), 0.9))} ms`,
        `${f0(quantile(pooled(r, 'stage'), 0.5))} / ${f0(quantile(pooled(r, 'stage'), 0.9))} ms`,
        `${f0(quantile(pooled(r, 'slice'), 0.5))} / ${f0(quantile(pooled(r, 'slice'), 0.9))} ms`,
        `${pooled(r, 'slice').filter((x) => x < 100).length} of ${pooled(r, 'slice').length}`,
        `${f0(quantile(pooled(r, 'tail'), 0.5))} ms`,
        `${f1(quantile(pooled(r, 'inSlice'), 0.5))} ms`,
        `${f0(median(r.runs.map((x) => x.busyMs)))} ms (${f0(median(r.runs.map((x) => x.busyMs)) / STAGES)} ms)`,
        `${(median(r.runs.map((x) => x.busyMs / x.wallMs)) * 100).toFixed(0)}% of ${os.cpus().length}`,
      ]
    }),
  )
  const verdict = (ok) => (ok ? '**met**' : '**missed**')
  const best = rows.reduce((a, b) => (a.wallMs <= b.wallMs ? a : b))
  const sandbox = rows.find((r) => r.mode === 'sandbox' && !r.barn) ?? best
  const embedded = rows.filter((r) => !r.barn)
  const outside = median(embedded.flatMap((r) => r.runs.map((x) => x.wallMs - x.span)))
  const cpuPerStage = median(embedded.flatMap((r) => r.runs.map((x) => x.busyMs / STAGES)))
  const cores = os.cpus().length
  const handoffP50 = quantile(pooled(sandbox, 'toSlice'), 0.5)
  return `Generated in \`bench/.work/chain/\`: a feature file of ${STAGES} scenarios, stage 1 reading a 10-record CSV
and stage k reading \`dataset://chain.s{k-1}\`, no steps, sink \`dataset://chain.s{k}\`, one 2-field
contract. Runink runs as \`node apps/cli/bin/runi.js run chain.dsl --no-cache --isolation <mode> --json\`
in a child process (wall = spawn to exit, so CLI start, compile and opening the embedded Barn
are included; the Barn is created beforehand by an untimed first run). The peers run the
same chain as ${STAGES} targets/rules each doing \`cp\` of the previous file (outputs removed before
each run, one untimed warm-up): \`make -s\`, \`snakemake --cores 1 --quiet\`.${snake ? '' : ' **Snakemake is not installed on this machine: make only.**'}
Load average (1/5/15 min) on this shared 2-core VM: ${loadText(loadBefore)} before, ${loadText(loadAfter)} after.

${wallTable}

Ratios are time ÷ time: above 1 means Runink takes that many times longer than the peer.

Where the time goes (from the Barn's stage and slice timestamps, ms resolution, pooled over the
${REPEAT} runs: ${(STAGES - 1) * REPEAT} handoffs). Handoff = previous stage finished → next stage started;
"incl. slice start" = previous stage finished → next stage's slice started; "records work" is the
slice's own time on its records (\`stats.durationMs\`). A stage that finds a pre-spawned slice
host ready takes tens of ms; one that does not waits for a host to start. "CPU, all processes" is
the whole machine's CPU time during the run (/proc/stat: CLI, supervisor, sandboxes, slices);
"cores busy" is that ÷ wall: near 100% of every core means the chain is bound by CPU, not by
waiting, and only doing less work per stage makes it faster.

${stageTable}

Targets (DESIGN §12):
- ${STAGES} stages ≤ 1 s end to end: best ${f0(best.wallMs)} ms (${best.mode}${best.barn ? `, Barn in ${best.barn}` : ''}) — ${verdict(best.wallMs <= TARGET_MS)}; sandboxed ${f0(sandbox.wallMs)} ms — ${verdict(sandbox.wallMs <= TARGET_MS)}.
- Submitted to a running server, faster than Snakemake (issue 14): ${f0(serverRow.wallMs)} ms${snake ? ` against ${f0(peers.find((p) => p.short === 'Snakemake')?.wallMs)} ms — ${verdict(serverRow.wallMs < (peers.find((p) => p.short === 'Snakemake')?.wallMs ?? 0))}` : ' (Snakemake not installed here: not compared)'}; the cold CLI's ${f0(sandbox.wallMs)} ms and make's ${f0(peers.find((p) => p.short === 'make')?.wallMs)} ms beside it.
- Handoff between dependent stages p50 ≤ ${TARGET_HANDOFF_MS} ms (sandboxed, incl. slice start): ${f0(handoffP50)} ms — ${verdict(handoffP50 <= TARGET_HANDOFF_MS)}.

Why 1 s is out of reach on this machine, from the numbers above: the CLI spends ${f0(outside)} ms
outside the run (Node and the CLI bundle starting, compiling the feature, booting the embedded
PostgreSQL, closing), which leaves ${f0((TARGET_MS - outside) / STAGES)} ms per stage; each stage is a fresh
Node process, and a bare \`node\` start on this machine alone takes ${f1(bareNode.p50)} ms (p50). Pre-spawning
overlaps that start with the previous stage only while a core is free, and the whole machine
spends ${f0(cpuPerStage)} ms of CPU per stage on ${cores} cores. With the Barn in PostgreSQL the
Barn's statements run in the server's processes, beside the CLI instead of inside it.

What Runink does per stage that \`cp\` does not: records a stage run and a slice in the Barn
(embedded PostgreSQL, PGlite); resolves the input dataset version (its bytes copied out of the
object store once per content hash); launches the slice in its own process (in a bwrap
namespace sandbox for \`sandbox\`) with only Runink and its inputs readable;
streams and validates every record against the contract (coerce for the CSV, strict for
datasets); writes the sink to staging and commits it atomically as a
content-addressed dataset version (content hash, contract hash, producing stage run) with a
hash-chained audit row; emits OpenLineage START and COMPLETE events with inputs and outputs; and
records the stage's cache entry (the cache lookup itself is skipped by \`--no-cache\`). The run
also compiles and hashes the plan and records the run and its spec once.`
}
