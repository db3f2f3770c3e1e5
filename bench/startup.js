// What a user waits for: whole `runi` commands in a child process (spawn to exit, CLI start
// included) beside a bare `node -e 0`: the trades example's `runi run` cold (first command in a
// new folder) and warm (cached re-run), a read-only command on an existing Barn (kept open by
// the command before it, as by default, and opened afresh), a Barn-creating command in a new
// folder, with the Barn template cached and without, and `runi --version`.
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import { table, writeSection } from './lib/results.js'
import { loadText, median } from './lib/stats.js'
import { timeCommand } from './lib/time-command.js'
import { WORK } from './lib/trades-csv.js'

const REPEAT = Number(process.env.BENCH_REPEAT ?? 5)
const RUNI = new URL('../apps/cli/bin/runi.js', import.meta.url).pathname
const TRADES = new URL('../examples/trades/', import.meta.url).pathname
const TARGET_READ_MS = 500
const TARGET_NEW_MS = 2000
const DIR = `${WORK}startup/`

/**
 * The env of every timed command: its own state and cache folders, nothing from this shell's.
 * The Barn is not kept open after a command (RUNINK_KEEP_BARN=0) unless a row says so: a kept
 * Barn left by one try would otherwise be opening beside the next.
 */
const env = (cache, keep = '0') => ({
  XDG_STATE_HOME: `${DIR}state`,
  XDG_CACHE_HOME: cache ?? `${DIR}cache`,
  RUNINK_KEEP_BARN: keep,
})

const runi = (args, cwd, cache, keep) =>
  timeCommand(process.execPath, [RUNI, ...args], { cwd, env: env(cache, keep) })

/** Waits until the Barn in home is kept open and answering (its holder has a socket). */
async function keptOpen(home) {
  for (let i = 0; i < 300; i++) {
    try {
      const holder = JSON.parse(readFileSync(`${home}/.runink/barn.lock.json`, 'utf8'))
      if (holder.yields && holder.socket) return holder.pid
    } catch {
      // Not there yet.
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`the Barn in ${home} was not kept open`)
}

/** Ends the process keeping home's Barn open, and waits until it has. */
async function release(pid) {
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return
  }
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0)
    } catch {
      return
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A fresh copy of the trades example (no .runink/, no out/). */
function tradesCopy(name) {
  const dir = `${DIR}${name}`
  rmSync(dir, { recursive: true, force: true })
  cpSync(TRADES, dir, {
    recursive: true,
    filter: (src) => !/[/\\](\.runink|out)([/\\]|$)/.test(src.slice(TRADES.length - 1)),
  })
  return dir
}

/** REPEAT timings of fn(i) (each its own setup inside fn), as { wallMs, walls }. */
async function repeat(label, fn) {
  const walls = []
  for (let i = 0; i < REPEAT; i++) {
    const ms = await fn(i)
    console.log(`  ${label}: ${ms.toFixed(0)} ms`)
    walls.push(ms)
  }
  return { label, wallMs: median(walls), walls }
}

export async function run() {
  rmSync(DIR, { recursive: true, force: true })
  mkdirSync(DIR, { recursive: true })
  const loadBefore = os.loadavg()
  const rows = []
  rows.push(
    await repeat('bare `node -e 0`', async () => {
      const { wallMs } = await timeCommand(process.execPath, ['-e', '0'])
      return wallMs
    }),
  )
  rows.push(
    await repeat('`runi --version` (CLI start, no Barn)', async () => {
      const { wallMs } = await runi(['--version'], DIR)
      return wallMs
    }),
  )
  // The very first Barn of a user: no template cached yet, so initdb and every migration run
  // (and the template is kept for later Barns). Each try gets an empty cache of its own.
  rows.push(
    await repeat(
      'first Barn of a user (no template cached): `runi herd egress grant`',
      async (i) => {
        const home = `${DIR}first-${i}`
        const { wallMs } = await runi(
          ['herd', 'egress', 'grant', 'default', 'fetch', '--home', home],
          DIR,
          `${DIR}cache-empty-${i}`,
        )
        return wallMs
      },
    ),
  )
  // From here on the template is in the cache (made above for this cache, untimed).
  await runi(['herd', 'egress', 'grant', 'default', 'fetch', '--home', `${DIR}warm-up`], DIR)
  const newFolder = await repeat(
    'first command in a new folder: `runi herd egress grant` (creates the Barn)',
    async (i) => {
      const { wallMs } = await runi(
        ['herd', 'egress', 'grant', 'default', 'fetch', '--home', `${DIR}new-${i}`],
        DIR,
      )
      return wallMs
    },
  )
  rows.push(newFolder)
  // As a user meets it: the command before kept the Barn open (RUNINK_KEEP_BARN unset, one
  // minute), and this one is answered over its socket.
  const kept = `${DIR}warm-up`
  await runi(['herd', 'list', '--home', kept], DIR, undefined, '60')
  const keeper = await keptOpen(kept)
  const readOnly = await repeat(
    'read-only command on an existing Barn kept open by the command before (default): `runi herd list`',
    async () => {
      const { wallMs } = await runi(['herd', 'list', '--home', kept], DIR, undefined, '60')
      return wallMs
    },
  )
  await release(keeper)
  rows.push(readOnly)
  const readCold = await repeat(
    'read-only command opening the Barn itself (`RUNINK_KEEP_BARN=0`): `runi herd list`',
    async () => {
      const { wallMs } = await runi(['herd', 'list', '--home', kept], DIR)
      return wallMs
    },
  )
  rows.push(readCold)
  const cold = await repeat(
    'trades example, cold: `runi run trades.dsl` in a new folder',
    async (i) => {
      const dir = tradesCopy(`trades-${i}`)
      const { wallMs } = await runi(['run', 'trades.dsl'], dir)
      return wallMs
    },
  )
  rows.push(cold)
  const warm = await repeat(
    'trades example, warm: the same `runi run` again (every stage cached)',
    async (i) => {
      const { wallMs, stdout } = await runi(['run', 'trades.dsl'], `${DIR}trades-${i}`)
      if (!/cached/.test(stdout)) throw new Error(`the re-run was not cached:\n${stdout}`)
      return wallMs
    },
  )
  rows.push(warm)
  // The default again: each re-run takes the Barn over from the process keeping it open after
  // the run before, and keeps it open for the `runi runs` that follows.
  const keeperOf = []
  rows.push(
    await repeat(
      'trades example, warm, taking over the Barn kept open by the run before (default)',
      async (i) => {
        const dir = `${DIR}trades-${i}`
        await runi(['runs'], dir, undefined, '60')
        await keptOpen(dir)
        const { wallMs } = await runi(['run', 'trades.dsl'], dir, undefined, '60')
        keeperOf[i] = await keptOpen(dir)
        return wallMs
      },
    ),
  )
  rows.push(
    await repeat('read-only command after that run (default): `runi runs`', async (i) => {
      const { wallMs } = await runi(['runs'], `${DIR}trades-${i}`, undefined, '60')
      await release(keeperOf[i])
      return wallMs
    }),
  )
  const loadAfter = os.loadavg()
  const floor = rows[0].wallMs
  const verdict = (ok) => (ok ? '**met**' : '**missed**')
  const f0 = (x) => `${x.toFixed(0)} ms`
  writeSection(
    'startup',
    'What a user waits for: whole `runi` commands',
    `Each row runs \`node apps/cli/bin/runi.js …\` (the built CLI bundle) in a child process, timed
from spawn to exit, ${REPEAT} times; the median is shown. Everything a user waits for is inside:
Node starting, the CLI loading, compiling the feature, opening (or creating) the embedded Barn
(PGlite), running the stages in their slices, closing. Commands get their own
\`XDG_STATE_HOME\` and \`XDG_CACHE_HOME\` under \`bench/.work/startup/\`. A new embedded Barn is
restored from a migrated template kept in \`$XDG_CACHE_HOME/runink/barn-templates\`; the first
Barn of a user (empty cache) makes that template (initdb and every migration), which the
"no template cached" row shows. By default a command that used the embedded Barn leaves it open
in a background process for a minute (\`RUNINK_KEEP_BARN\`), which answers the next read-only
command over a socket and gives the Barn up at once to a command that writes; rows marked
"default" measure that, the others run with \`RUNINK_KEEP_BARN=0\` so that no kept Barn is
opening beside the next try. The trades example is \`examples/trades\` (500 CSV records, three
stages: a TypeScript step, mask, a DuckDB \`sql\` step; default isolation) copied to a new
folder for each cold run. Load average (1/5/15 min) on this shared VM: ${loadText(loadBefore)} before,
${loadText(loadAfter)} after.

${table(
  ['command', `wall (median of ${REPEAT})`, 'runs', '÷ bare `node -e 0`'],
  rows.map((r) => [
    r.label,
    f0(r.wallMs),
    r.walls.map((x) => x.toFixed(0)).join(', '),
    `${(r.wallMs / floor).toFixed(1)}×`,
  ]),
)}

Ratios are time ÷ time: how many bare Node starts each command takes.

Targets (issue 12):
- A read-only command on an existing Barn ≤ ${TARGET_READ_MS} ms: ${f0(readOnly.wallMs)} as a user meets it (the Barn kept open by the command before) — ${verdict(readOnly.wallMs <= TARGET_READ_MS)}; ${f0(readCold.wallMs)} when it opens the Barn itself (\`RUNINK_KEEP_BARN=0\`, or the first command after a minute) — ${verdict(readCold.wallMs <= TARGET_READ_MS)}.
- The first command in a new folder ≤ ${TARGET_NEW_MS} ms: ${f0(newFolder.wallMs)} (template cached) — ${verdict(newFolder.wallMs <= TARGET_NEW_MS)}.

The slice-level figures above (throughput, memory) time one stage's runtime in a child process;
a whole \`runi run\` adds what this table shows: about ${f0(cold.wallMs - warm.wallMs)} more for a cold run than a
cached one of the same three small stages, and ${f0(warm.wallMs)} for a run whose every stage is cached.`,
  )
}
