// A whole `runi run` of a one-stage feature over a benchmark CSV: what a user waits for, beside
// the slice-level figures (CLI start, compile, the Barn, the sandboxed slice, the sink's commit).
import { copyFileSync, linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { timeCommand } from './time-command.js'
import { CONTRACT, WORK } from './trades-csv.js'

const RUNI = new URL('../../apps/cli/bin/runi.js', import.meta.url).pathname

const FEATURE = `@feature(name="Whole run", herd="default", version="1.0.0")
@contract(path="contracts/")

Feature: Whole run
  One stage: the throughput benchmark's transform, as a user runs it.

---

Scenario: Mask trades
  @source("csv://trades.csv")
  @step("mask")
  @sink("jsonl://out/trades.jsonl")
  Given the contract: bench_trade_masked
  When trades arrive
  Then validate and mask them
`

/**
 * Best of `repeat` timed `runi run --no-cache` of that feature on `csv` (hard-linked into a
 * project folder in bench/.work/whole-run/; an untimed first run makes the Barn): { wallMs, records }.
 */
export async function wholeRun(csv, repeat) {
  const dir = `${WORK}whole-run/`
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(`${dir}contracts`, { recursive: true, mode: 0o755 })
  copyFileSync(CONTRACT, `${dir}contracts/trade-pii.yaml`)
  linkSync(csv, `${dir}trades.csv`)
  writeFileSync(`${dir}whole.dsl`, FEATURE)
  const env = { XDG_STATE_HOME: `${WORK}whole-run-state`, XDG_CACHE_HOME: `${WORK}whole-run-cache` }
  const runi = (args) => timeCommand(process.execPath, [RUNI, ...args], { cwd: dir, env })
  let best
  // Run 0 makes the Barn and warms the page cache: not counted.
  for (let i = 0; i <= repeat; i++) {
    const { wallMs, stdout } = await runi(['run', 'whole.dsl', '--no-cache', '--json'])
    const result = JSON.parse(stdout)
    if (result.status !== 'succeeded') throw new Error(`runi run ended ${result.status}`)
    const records = result.stages[0].stats.records.out
    console.log(
      `  whole runi run${i === 0 ? ' (warm-up)' : ''}: ${wallMs.toFixed(0)} ms, ${records} records`,
    )
    if (i > 0 && (!best || wallMs < best.wallMs)) best = { wallMs, records }
    rmSync(`${dir}out`, { recursive: true, force: true })
  }
  return best
}
