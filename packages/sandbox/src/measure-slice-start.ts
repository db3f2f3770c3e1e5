import { spawn } from 'node:child_process'
import type { Duplex } from 'node:stream'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { bwrapArgv } from './bwrap-argv.js'
import { findHostTools } from './sandbox-backend.js'
import { MessageChannel } from './message-channel.js'
import type { Isolation, IsolationRequest } from '@runink/core'
import type { LaunchRequest, SliceHandle } from './slice-launcher.js'
import { createSupervisor } from './supervisor.js'
import { systemView } from './system-view.js'

/** Latency statistics in milliseconds. */
export interface LatencyStats {
  readonly n: number
  readonly p50: number
  readonly p90: number
  readonly mean: number
}

/** Slice start latency: the sandbox's paths and the baselines they are judged against. */
export interface SliceStartReport {
  readonly isolation: Isolation
  readonly backend: string
  /** `spawn /bin/true` until it exits. */
  readonly spawnTrue: LatencyStats
  /** `unshare` (user, mount, pid, net, ipc, uts) running `true`, until it exits. */
  readonly unshareTrue?: LatencyStats
  /** `bwrap` with the slice's namespaces and system view running `true`, until it exits. */
  readonly bwrapTrue?: LatencyStats
  /** A bare `node` slice host, from spawn until it answers its job. */
  readonly bareNode: LatencyStats
  /** A sandboxed slice host started on demand through the supervisor, until it answers. */
  readonly cold: LatencyStats
  /** A pre-spawned sandboxed slice host, from launch until it answers its job. */
  readonly prespawned: LatencyStats
}

/** Options of {@link measureSliceStart}. */
export interface MeasureSliceStartOptions {
  readonly iterations?: number
  readonly mode?: IsolationRequest
  /** The node binary for the slice host (default: this process's). */
  readonly node?: string
  /** Pause between pre-spawned launches, so the pool refills as it would between stages. */
  readonly gapMs?: number
  /** Cgroup seeds the supervisor keeps (its default when absent; 0 shows what they save). */
  readonly seeds?: number
}

// The smallest slice host: waits for its job on fd 3, answers, exits.
const HOST = `const s = new (require('node:net').Socket)({ fd: 3, readable: true, writable: true })
let b = ''
s.on('data', (d) => { b += d; if (b.includes('\\n')) s.end('{"started":true}\\n') })
`

/** Measures how fast slices start (the integrator's bench calls this; not a test). */
export async function measureSliceStart(
  options: MeasureSliceStartOptions = {},
): Promise<SliceStartReport> {
  const n = options.iterations ?? 30
  const node = options.node ?? process.execPath
  const dir = mkdtempSync(join(tmpdir(), 'runink-start-'))
  // Run as root, slices run as the runink-slice account, which must read the host it mounts.
  chmodSync(dir, 0o755)
  const host = join(dir, 'host.cjs')
  writeFileSync(host, HOST)
  const tools = findHostTools()
  try {
    const spawnTrue = await repeat(n, () => untilExit(['/bin/true']))
    const unshare = tools.unshare
    const unshareTrue =
      unshare === undefined
        ? undefined
        : await repeat(n, () =>
            untilExit([
              unshare,
              '--user',
              '--map-root-user',
              '--mount',
              '--pid',
              '--fork',
              '--net',
              '--ipc',
              '--uts',
              'true',
            ]),
          )
    const layout = { view: systemView(), binds: [], cwd: '/', network: false }
    const bwrap = tools.bwrap
    const bwrapTrue =
      bwrap === undefined
        ? undefined
        : await repeat(n, () => untilExit(bwrapArgv(bwrap, layout, ['true'])))
    const bareNode = await repeat(n, () => bareHost(node, host))
    const template: LaunchRequest = { command: [node, host], readOnly: [dir] }
    const supervisor = await createSupervisor({
      ...(options.mode === undefined ? {} : { mode: options.mode }),
      ...(options.seeds === undefined ? {} : { seeds: options.seeds }),
      stagingRoot: join(dir, 'staging'),
      prespawn: [{ template, count: 2 }],
    })
    try {
      // A distinct env keeps cold launches out of the pool.
      const cold = await repeat(n, () =>
        answered(() => supervisor.launch({ ...template, env: { COLD: '1' }, initialMessage: {} })),
      )
      await sleep(200)
      const prespawned = await repeat(n, async () => {
        const ms = await answered(() => supervisor.launch({ ...template, initialMessage: {} }))
        await sleep(options.gapMs ?? 150)
        return ms
      })
      const { isolation, backend } = supervisor
      return {
        isolation,
        backend,
        spawnTrue,
        ...(unshareTrue && { unshareTrue }),
        ...(bwrapTrue && { bwrapTrue }),
        bareNode,
        cold,
        prespawned,
      }
    } finally {
      await supervisor.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function repeat(n: number, once: () => Promise<number>): Promise<LatencyStats> {
  const times: number[] = []
  for (let i = 0; i < n; i++) times.push(await once())
  times.sort((a, b) => a - b)
  const at = (q: number): number =>
    round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0)
  return { n, p50: at(0.5), p90: at(0.9), mean: round(times.reduce((a, b) => a + b, 0) / n) }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000
}

function untilExit(argv: readonly string[]): Promise<number> {
  const started = performance.now()
  const [file = '', ...args] = argv
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'ignore' })
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`${file} exited ${String(code)}`)),
    )
  })
}

function bareHost(node: string, host: string): Promise<number> {
  const started = performance.now()
  const child = spawn(node, [host], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] })
  const fd3 = child.stdio[3] as Duplex
  const channel = new MessageChannel(fd3, fd3)
  channel.send({})
  return new Promise((resolve) => channel.onMessage(() => resolve(performance.now() - started)))
}

async function answered(launch: () => Promise<SliceHandle>): Promise<number> {
  const started = performance.now()
  const slice = await launch()
  const ms = await new Promise<number>((resolve) =>
    slice.onMessage(() => resolve(performance.now() - started)),
  )
  await slice.wait()
  return ms
}
