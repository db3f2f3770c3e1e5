import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { makeTempDir } from '@runink/testing'
import { openBarn } from './barn.js'

const here = dirname(fileURLToPath(import.meta.url))
// Inside the package so the bundle's external imports resolve from its node_modules.
const bundleDir = join(here, '..', 'node_modules', '.barn-child')
let childScript: string

beforeAll(async () => {
  await mkdir(bundleDir, { recursive: true })
  childScript = join(bundleDir, `child-${process.pid}.mjs`)
  await build({
    entryPoints: [join(here, 'testing', 'barn-child.ts')],
    outfile: childScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    plugins: [
      {
        // Workspace packages are TypeScript sources: bundle them; real dependencies stay external.
        name: 'externals',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@runink/') ? undefined : { external: true },
          )
        },
      },
    ],
    logLevel: 'silent',
  })
})
afterAll(() => rm(childScript, { force: true }))

/** Starts the child and resolves once a stdout line matches. */
function startChild(
  mode: 'hold' | 'yield' | 'write',
  home: string,
): { child: ChildProcess; lines: string[]; waitFor(re: RegExp): Promise<string> } {
  const child = spawn(process.execPath, [childScript, mode, home], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  let stderr = ''
  const waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = []
  let buffer = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString()
    const parts = buffer.split('\n')
    buffer = parts.pop() ?? ''
    for (const line of parts) {
      lines.push(line)
      for (const w of [...waiters]) {
        if (!w.re.test(line)) continue
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(line)
      }
    }
  })
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  return {
    child,
    lines,
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const found = lines.find((l) => re.test(l))
        if (found) return resolve(found)
        waiters.push({ re, resolve })
        child.once('exit', (code) =>
          reject(new Error(`child exited ${code} before ${re}: ${stderr}`)),
        )
      }),
  }
}

const killed = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })

describe('two processes on one embedded Barn', () => {
  it('the second waits, naming the holder, times out clearly, and takes over once the holder is killed', async () => {
    const dir = await makeTempDir()
    const { child, waitFor } = startChild('hold', dir.path)
    try {
      await waitFor(/^ready$/)
      const told: string[] = []
      const began = Date.now()
      const error = await openBarn({
        home: dir.path,
        lockTimeoutMs: 1_500,
        onLockWait: (m) => told.push(m),
      }).catch((e: unknown) => e)
      expect(Date.now() - began).toBeGreaterThanOrEqual(1_400)
      expect(error).toMatchObject({
        code: 'RUNINK_STORE_LOCKED',
        message: expect.stringContaining(`pid ${child.pid}`),
      })
      expect(told).toHaveLength(1)
      expect(told[0]).toMatch(new RegExp(`held by pid ${child.pid} on .* \\(.*barn-child`))
      await killed(child)
      const barn = await openBarn({ home: dir.path, lockTimeoutMs: 5_000 })
      expect((await barn.herds.list()).map((h) => h.name)).toEqual(['default'])
      await barn.close()
    } finally {
      child.kill('SIGKILL')
      await dir.remove()
    }
  })

  it('a holder that yields gives the Barn up at once to a process that wants it, not to one that would only keep it open', async () => {
    const dir = await makeTempDir()
    const { child, waitFor } = startChild('yield', dir.path)
    try {
      await waitFor(/^ready$/)
      // Another process that would only keep the Barn warm does not displace it.
      const second = await openBarn({ home: dir.path, lockTimeoutMs: 300, yieldsLock: true }).catch(
        (e: unknown) => e,
      )
      expect(second).toMatchObject({ code: 'RUNINK_STORE_LOCKED' })
      expect(child.exitCode).toBeNull()
      const told: string[] = []
      const began = Date.now()
      const barn = await openBarn({
        home: dir.path,
        lockTimeoutMs: 5_000,
        onLockWait: (m) => told.push(m),
      })
      try {
        expect(Date.now() - began).toBeLessThan(4_000)
        expect(told).toEqual([])
        await waitFor(/^yielding$/)
        expect((await barn.herds.list()).map((h) => h.name)).toEqual(['default'])
      } finally {
        await barn.close()
      }
      await new Promise<void>((resolve) =>
        child.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
      )
      expect(child.exitCode).toBe(0)
    } finally {
      child.kill('SIGKILL')
      await dir.remove()
    }
  })

  it('a run killed mid-write is abandoned on next open, and no version points at missing bytes', async () => {
    const dir = await makeTempDir()
    const { child, waitFor } = startChild('write', dir.path)
    try {
      const runId = (await waitFor(/^run /)).slice(4)
      await waitFor(/^v 6$/)
      // Kill at an arbitrary point inside the write loop.
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)))
      await killed(child)
      const barn = await openBarn({ home: dir.path })
      try {
        expect(barn.recovered).toEqual([runId])
        const detail = await barn.runDetail(runId)
        expect(detail.run.status).toBe('abandoned')
        expect(detail.run.error).toMatch(new RegExp(`owner process ${child.pid}`))
        expect(detail.stages.map((s) => s.status)).toEqual(['abandoned'])
        expect(detail.stages[0]?.slices.map((s) => s.status)).toEqual(['abandoned'])
        const versions = await barn.datasets.versions('crash.out')
        expect(versions.length).toBeGreaterThanOrEqual(6)
        expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1))
        for (const v of versions) {
          const hash = createHash('sha256')
          for await (const chunk of (await barn.datasets.read(v.ref)).body)
            hash.update(chunk as Buffer)
          expect(`sha256:${hash.digest('hex')}`).toBe(v.contentHash)
        }
        expect(await barn.audit.verify()).toMatchObject({ ok: true })
      } finally {
        await barn.close()
      }
      // A second open finds nothing more to recover.
      const again = await openBarn({ home: dir.path })
      expect(again.recovered).toEqual([])
      await again.close()
    } finally {
      child.kill('SIGKILL')
      await dir.remove()
    }
  })
})
