import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBarn, type Barn } from '@runink/store'
import { createTestDatabase, makeTempDir } from '@runink/testing'

const here = path.dirname(fileURLToPath(import.meta.url))
// Inside the package so the bundle's external imports resolve from the workspace's node_modules.
const bundleDir = path.join(here, '..', 'node_modules', '.commit-child')
let childScript: string

beforeAll(async () => {
  await mkdir(bundleDir, { recursive: true })
  childScript = path.join(bundleDir, `child-${process.pid}.mjs`)
  await build({
    entryPoints: [path.join(here, 'testing', 'commit-child.ts')],
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
}, 60_000)
afterAll(() => rm(childScript, { force: true }))

/**
 * Runs the child until it reports it stands at `stopAt` (a commit point of commitOutputs), then
 * kills it with SIGKILL there; returns its run and stage run ids.
 */
async function killedAt(
  stopAt: string,
  home: string,
  databaseUrl?: string,
): Promise<{ runId: string; stageRunId: string }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [childScript, home, stopAt, ...(databaseUrl ? [databaseUrl] : [])],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stdout = ''
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (c: Buffer) => {
        stdout += c.toString()
        if (stdout.includes(`at ${stopAt}\n`)) resolve()
      })
      void exited.then(() => reject(new Error(`child ended before ${stopAt}: ${stdout}${stderr}`)))
    })
  } finally {
    child.kill('SIGKILL')
    await exited
  }
  const [, runId, stageRunId] = /^ids (\S+) (\S+)$/m.exec(stdout)!
  return { runId: runId!, stageRunId: stageRunId! }
}

/** The names in the sinks' folder (temporary files included); [] when it does not exist. */
const outFolder = (home: string): Promise<string[]> =>
  readdir(path.join(home, 'out'))
    .then((names) => names.sort())
    .catch(() => [])

const cacheEntries = async (barn: Barn): Promise<number> =>
  (await barn.db.selectFrom('cache_entries').selectAll().execute()).length

const backends: ReadonlyArray<{
  name: string
  url: () => Promise<{ url?: string; drop(): Promise<void> }>
}> = [
  { name: 'pglite', url: () => Promise.resolve({ drop: () => Promise.resolve() }) },
  { name: 'postgres', url: () => createTestDatabase() },
]

describe.each(backends)('a stage of three sinks killed while committing ($name)', ({ url }) => {
  it('killed between its sinks: no version of any sink, the stage not succeeded, no file', async () => {
    const dir = await makeTempDir()
    const db = await url()
    try {
      const { runId, stageRunId } = await killedAt('sink-stored:1', dir.path, db.url)
      const barn = await openBarn({ home: dir.path, ...(db.url ? { databaseUrl: db.url } : {}) })
      try {
        expect(barn.recovered).toEqual([runId])
        expect(await barn.datasets.writtenBy(runId)).toEqual([])
        expect(await barn.datasets.list()).toEqual([])
        expect((await barn.stages.getStage(stageRunId)).status).toBe('abandoned')
        expect(await cacheEntries(barn)).toBe(0)
        // Nothing at either target and no temporary file beside them.
        expect(await outFolder(dir.path)).toEqual([])
        expect(barn.recoveredFiles.map((f) => [path.basename(f.target), f.outcome])).toEqual([
          ['a.jsonl', 'removed'],
          ['b.jsonl', 'removed'],
        ])
      } finally {
        await barn.close()
      }
    } finally {
      await db.drop()
      await dir.remove()
    }
  }, 60_000)

  it('killed after the transaction, before the renames: the next open puts both files in place', async () => {
    const dir = await makeTempDir()
    const db = await url()
    try {
      const { runId, stageRunId } = await killedAt('committed', dir.path, db.url)
      // Both files wait beside their targets; b's temporary file is lost (as after a reboot
      // that cleared it): its bytes come back from the object store.
      const waiting = await outFolder(dir.path)
      expect(waiting).toEqual([
        expect.stringMatching(/^\.a\.jsonl\..+\.commit$/),
        expect.stringMatching(/^\.b\.jsonl\..+\.commit$/),
      ])
      await rm(path.join(dir.path, 'out', waiting[1]!))
      const open = (): Promise<Barn> =>
        openBarn({ home: dir.path, ...(db.url ? { databaseUrl: db.url } : {}) })
      const barn = await open()
      try {
        expect(barn.recovered).toEqual([runId])
        const versions = await barn.datasets.writtenBy(runId)
        expect(versions.map((v) => [v.name, v.version, v.recordCount]).sort()).toEqual([
          ['files/out/a.jsonl', 1, 2],
          ['files/out/b.jsonl', 1, 1],
          ['silver.trades', 1, 2],
        ])
        expect((await barn.stages.getStage(stageRunId)).status).toBe('succeeded')
        expect(await cacheEntries(barn)).toBe(1)
        expect(await outFolder(dir.path)).toEqual(['a.jsonl', 'b.jsonl'])
        expect(await readFile(path.join(dir.path, 'out', 'a.jsonl'), 'utf8')).toBe(
          '{"id":"a1"}\n{"id":"a2"}\n',
        )
        expect(await readFile(path.join(dir.path, 'out', 'b.jsonl'), 'utf8')).toBe('{"id":"b1"}\n')
        expect(barn.recoveredFiles.map((f) => [path.basename(f.target), f.outcome])).toEqual([
          ['a.jsonl', 'placed'],
          ['b.jsonl', 'placed'],
        ])
      } finally {
        await barn.close()
      }
      // Finished once: the next open has nothing left to do.
      const again = await open()
      expect(again.recoveredFiles).toEqual([])
      await again.close()
    } finally {
      await db.drop()
      await dir.remove()
    }
  }, 60_000)
})
