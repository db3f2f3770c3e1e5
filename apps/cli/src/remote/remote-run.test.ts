import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RunExecutor, startServer, type RunningServer } from '@runink/server'
import { barnFactories, type TestBarn } from '@runink/store/testing'
import { installStopSignals } from '../signal-exit.js'
import { runCliWith } from '../testing/run-cli.js'

describe('runi login and runi run --server', () => {
  let t: TestBarn
  let executor: RunExecutor
  let server: RunningServer
  let secret: string
  let project: string
  let others: string
  let at: { cwd: string; env: Record<string, string> }

  beforeAll(async () => {
    t = await (barnFactories[0] as (typeof barnFactories)[number]).open()
    await chmod(t.home, 0o755)
    await t.barn.herds.ensure('finance')
    secret = (await t.barn.tokens.create({ name: 'ci', herd: 'finance', role: 'editor' })).secret
    executor = new RunExecutor({ barn: t.barn, home: t.home, isolation: 'process' })
    server = await startServer({ barn: t.barn, executor, port: 0 })
    project = await mkdtemp(path.join(tmpdir(), 'runink-remote-'))
    await mkdir(path.join(project, 'data'))
    await mkdir(path.join(project, 'out'))
    await writeFile(path.join(project, 'out', 'old.jsonl'), 'not sent\n')
    await writeFile(
      path.join(project, 'c.yaml'),
      'contract: c\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n',
    )
    await writeFile(path.join(project, 'data', 'in.csv'), 'id\n1\n2\n3\n')
    await writeFile(
      path.join(project, 'p.dsl'),
      `@feature(name="remote", herd="finance")
@contract(path="c.yaml")
Feature: remote

Scenario: Ingest
  @source("csv://data/in.csv")
  @sink("dataset://remote.ids")
  Given the contract: c
`,
    )
    // A pipeline whose step logs a line and fails (exit 3), and one whose step logs and passes.
    others = await mkdtemp(path.join(tmpdir(), 'runink-remote-others-'))
    for (const [dir, script] of [
      ['fail', 'echo "about to fail" >&2\nexit 3\n'],
      ['logged', 'echo "step says hello" >&2\ncat\n'],
      ['slow', 'sleep 60\ncat\n'],
    ] as const) {
      await mkdir(path.join(others, dir))
      await writeFile(path.join(others, dir, 'step.sh'), script)
      await writeFile(
        path.join(others, dir, 'c.yaml'),
        'contract: c\nversion: 1.0.0\nfields:\n  id: { type: int, required: true }\n',
      )
      await writeFile(path.join(others, dir, 'in.csv'), 'id\n1\n')
      await writeFile(
        path.join(others, dir, 'p.dsl'),
        `@feature(name="${dir}", herd="finance")
@contract(path="c.yaml")
Feature: ${dir}

Scenario: Ingest
  @source("csv://in.csv")
  @step(exec="sh step.sh")
  @sink("dataset://${dir}.ids")
  Given the contract: c
`,
      )
    }
    at = { cwd: project, env: { XDG_CONFIG_HOME: path.join(project, '.config') } }
  })
  afterAll(async () => {
    await server.close()
    await executor.close()
    await t.cleanup()
    await rm(project, { recursive: true, force: true })
    await rm(others, { recursive: true, force: true })
  })

  it('logs in with a checked token kept private, runs the folder on the server, and logs out', async () => {
    const bad = await runCliWith(at, 'login', server.url, '--token', `rk_${'A'.repeat(43)}`)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('RUNINK_AUTH_INVALID')

    const login = await runCliWith(at, 'login', server.url, '--token', secret, '--name', 'local')
    expect(login.code).toBe(0)
    expect(login.stderr).toContain('this token sees herds: finance')
    const file = path.join(project, '.config', 'runink', 'profiles.json')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      active: 'local',
      profiles: { local: { url: server.url, token: secret } },
    })

    const run = await runCliWith(at, 'run', 'p.dsl', '--server')
    expect(run.stderr).toMatch(/run \S+ of remote version 1 on http:\/\/127\.0\.0\.1:\d+/)
    // The live view and the summary of a local run: stage lines on stderr, the table on stdout.
    expect(run.stderr).toContain('ingest: succeeded — 3 in, 3 valid, 0 invalid, 0 filtered, 3 out')
    expect(run.stdout).toMatch(/^Run \S+ succeeded in [\d.]+s \(isolation: /)
    expect(run.stdout).toMatch(/ingest\s+succeeded\s+3\s+3\s+0\s+0\s+3\s+1/)
    expect(run.stdout).toMatch(/dataset:\/\/remote\.ids@1\s+3 records/)
    expect(run.code).toBe(0)
    const versions = await t.barn.datasets.versions('remote.ids', 'finance')
    expect(versions.map((v) => v.recordCount)).toEqual([3])
    // The folder was sent without its outputs.
    const bundles = path.join(t.home, '.runink-server', 'bundles')
    const [sent] = await readdir(bundles)
    expect((await readdir(path.join(bundles, sent as string))).sort()).toEqual([
      'c.yaml',
      'data',
      'p.dsl',
    ])

    // Again: the same pipeline version, served from the cache.
    const again = await runCliWith(at, 'run', 'p.dsl', '--server')
    expect(again.stderr).toMatch(/of remote version 1 \(unchanged\)/)
    expect(again.stdout).toMatch(/ingest\s+cached/)
    expect(again.stdout).toContain('Cache hits: 1 of 1 stage(s)')
    expect(again.code).toBe(0)
    // --json: the run's result, as a local run prints it, with its plan hash and pipeline version.
    const json = await runCliWith(at, 'run', 'p.dsl', '--server', '--json')
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'succeeded',
      stages: [{ id: 'ingest', status: 'cached' }],
      planHash: expect.stringMatching(/^sha256:/),
      pipeline: { name: 'remote', version: 1, created: false },
    })

    expect(await runCliWith(at, 'logout')).toMatchObject({ code: 0, stdout: 'logged out\n' })
    const none = await runCliWith(at, 'run', 'p.dsl', '--server')
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('no server to talk to: run runi login <url> first')
  })

  it('follows a failed run to its end, exits non-zero, and shows its logs as runi logs does', async () => {
    const env = { ...at.env, RUNINK_TOKEN: secret }
    const failed = await runCliWith(
      { ...at, env },
      'run',
      path.join(others, 'fail/p.dsl'),
      '--server',
      server.url,
    )
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(/ingest: failed/)
    expect(failed.stdout).toMatch(/^Run \S+ failed in /)
    const runId = /^Run (\S+) failed/.exec(failed.stdout)?.[1] as string
    const logs = await runCliWith({ ...at, env }, 'logs', runId, '--server', server.url)
    expect(logs.code).toBe(0)
    expect(logs.stdout).toContain('[ingest#0.1] {"level":"info","message":"about to fail"')
    const followed = await runCliWith(
      { ...at, env },
      ...['logs', runId, '--server', server.url, '--follow', '--stage', 'ingest'],
    )
    expect(followed.stdout).toBe(logs.stdout)
    const none = await runCliWith({ ...at, env }, 'logs', 'no-such-run', '--server', server.url)
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('no run no-such-run')
  })

  it('reconnects when the event stream drops, losing and repeating no event', async () => {
    // A proxy that cuts the first event stream after its first event.
    const seen: Array<string | undefined> = []
    let cut = false
    const proxy = createServer((req, res) => {
      const events = req.url?.endsWith('/events') ?? false
      if (events) seen.push(req.headers['last-event-id'] as string | undefined)
      const upstream = request(
        `${server.url}${req.url}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          if (!events || cut) return void answer.pipe(res)
          cut = true
          let text = ''
          answer.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8')
            const end = text.indexOf('\n\n')
            if (end < 0) return
            answer.destroy()
            res.write(text.slice(0, end + 2), () => res.socket?.destroy())
          })
        },
      )
      req.pipe(upstream)
    })
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
    try {
      const env = { ...at.env, RUNINK_TOKEN: secret }
      const run = await runCliWith(
        { ...at, env },
        'run',
        path.join(others, 'logged/p.dsl'),
        '--server',
        url,
        '--no-cache',
      )
      expect(run.stderr).toContain('the event stream dropped: reconnecting (after event 1)')
      expect(seen).toEqual([undefined, '1'])
      const count = (text: string): number => run.stderr.split(text).length - 1
      expect(count(' stage(s)\n')).toBe(1)
      expect(count('ingest: started')).toBe(1)
      expect(count('ingest: succeeded')).toBe(1)
      expect(run.stdout).toMatch(/ingest\s+succeeded\s+1\s+1\s+0\s+0\s+1\s+1/)
      expect(run.code).toBe(0)
    } finally {
      await new Promise((resolve) => proxy.close(resolve))
    }
  })

  it('asks the server to cancel the run on Ctrl-C, says so, and exits as a cancelled local run', async () => {
    // This worker stands for the runi binary: its first SIGINT cancels the command.
    const signals = ['SIGINT', 'SIGTERM'] as const
    const theirs = new Map(signals.map((s) => [s, new Set(process.listeners(s))]))
    installStopSignals()
    try {
      const env = { ...at.env, RUNINK_TOKEN: secret }
      const running = runCliWith(
        { ...at, env },
        ...['run', path.join(others, 'slow/p.dsl'), '--server', server.url],
      )
      let runId: string | undefined
      for (let i = 0; i < 300 && runId === undefined; i++) {
        await new Promise((res) => setTimeout(res, 100))
        const [live] = await t.barn.runs.list({ herd: 'finance', status: 'running', limit: 1 })
        const stages = live ? await t.barn.stages.ofRun(live.id) : []
        if (live && stages.some((s) => s.status === 'running')) runId = live.id
      }
      expect(runId).toBeDefined()
      process.emit('SIGINT')
      const r = await running
      expect(r.stderr).toContain(`cancelling (SIGINT): asking ${server.url} to cancel run ${runId}`)
      expect(r.stdout).toMatch(/^Run \S+ cancelled in /)
      expect(r.code).toBe(130)
      expect(await t.barn.runs.get(runId as string)).toMatchObject({ status: 'cancelled' })
    } finally {
      // The pool stops this worker with SIGTERM: the handlers installed above must not catch it.
      for (const s of signals)
        for (const l of process.listeners(s)) if (!theirs.get(s)?.has(l)) process.off(s, l)
    }
  })
})
