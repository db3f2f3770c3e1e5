import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalLauncher, type LocalLauncher } from './local-launcher.js'
import { testedBackends } from './testing/sandbox-backends.js'
import type { LaunchRequest, SliceExit } from './slice-launcher.js'
import { stagingUsage } from './staging-usage.js'

const backends = testedBackends
const MiB = 1024 * 1024

async function run(launcher: LocalLauncher, request: LaunchRequest) {
  const slice = await launcher.launch(request)
  slice.stdout.resume()
  slice.stderr.resume()
  const exit: SliceExit = await slice.wait()
  return { exit, stagingDir: slice.stagingDir }
}

describe.each([...backends, 'process'] as const)('disk limit of a slice (%s)', (backend) => {
  let launcher: LocalLauncher
  let stagingRoot: string

  beforeAll(() => {
    stagingRoot = mkdtempSync(join(tmpdir(), 'runink-disk-test-'))
    // As root, slices run as the runink-slice account: it must reach its staging folders.
    chmodSync(stagingRoot, 0o711)
    launcher = createLocalLauncher({
      ...(backend === 'process' ? { mode: 'process' } : { backend }),
      stagingRoot,
      seeds: 0,
    })
  })
  afterAll(async () => {
    await launcher.close()
    rmSync(stagingRoot, { recursive: true, force: true })
  })

  it('kills a slice that keeps writing files into staging, while it writes, and says why', async () => {
    // 1 MiB files without end, about 50 MiB/s: before the watch, only the timeout stopped it.
    const { exit, stagingDir } = await run(launcher, {
      command: [
        '/bin/sh',
        '-c',
        'i=0; while :; do i=$((i+1)); head -c 1048576 /dev/zero > f$i; sleep 0.02; done',
      ],
      limits: { diskBytes: 8 * MiB, timeoutMs: 30_000 },
    })
    expect(exit.reason).toBe('disk')
    expect(exit.message).toBe('exceeded its disk limit of 8Mi in staging')
    expect(exit.durationMs).toBeLessThan(20_000)
    // The overshoot is what it writes in one interval and one walk: a few MiB at this rate.
    const { bytes } = await stagingUsage(stagingDir)
    expect(bytes).toBeGreaterThan(8 * MiB)
    expect(bytes).toBeLessThan(8 * MiB + 32 * MiB)
  }, 40_000)

  it('stops one file near the disk limit (RLIMIT_FSIZE: the limit plus a margin)', async () => {
    const { exit, stagingDir } = await run(launcher, {
      command: ['/bin/sh', '-c', 'exec head -c 67108864 /dev/zero > big'],
      limits: { diskBytes: 8 * MiB, timeoutMs: 30_000 },
    })
    // Killed by the watch, or by SIGXFSZ at 16Mi first; either way what it left is over.
    expect(exit.reason).toBe('disk')
    expect(statSync(join(stagingDir, 'big')).size).toBeLessThanOrEqual(16 * MiB)
  }, 40_000)

  it('lets a slice that stays under its disk limit finish', async () => {
    const { exit } = await run(launcher, {
      command: ['/bin/sh', '-c', 'head -c 1048576 /dev/zero > a; sleep 0.5'],
      limits: { diskBytes: 8 * MiB, timeoutMs: 30_000 },
    })
    expect(exit.reason).toBe('ok')
  }, 40_000)
})

describe('entries in staging', () => {
  let launcher: LocalLauncher
  let stagingRoot: string

  beforeAll(() => {
    stagingRoot = mkdtempSync(join(tmpdir(), 'runink-disk-test-'))
    // Run as root, the slice's own account must reach its staging folder below.
    chmodSync(stagingRoot, 0o711)
    launcher = createLocalLauncher({ stagingRoot, seeds: 0 })
  })
  afterAll(async () => {
    await launcher.close()
    rmSync(stagingRoot, { recursive: true, force: true })
  })

  it('kills a slice that makes empty files without end (each walk stays short)', async () => {
    const { exit, stagingDir } = await run(launcher, {
      command: [
        'node',
        '-e',
        "const fs = require('node:fs'); for (let i = 0; ; i++) fs.writeFileSync('e' + i, '')",
      ],
      limits: { timeoutMs: 60_000 },
    })
    expect(exit.reason).toBe('disk')
    expect(exit.message).toBe('made more than 100000 files and folders in staging')
    expect(exit.durationMs).toBeLessThan(45_000)
    expect((await stagingUsage(stagingDir)).entries).toBeGreaterThan(100_000)
  }, 90_000)
})

describe('what a slice leaves in staging', () => {
  let launcher: LocalLauncher
  let stagingRoot: string

  beforeAll(() => {
    stagingRoot = mkdtempSync(join(tmpdir(), 'runink-disk-test-'))
    chmodSync(stagingRoot, 0o711)
    launcher = createLocalLauncher({ stagingRoot, seeds: 0 })
  })
  afterAll(async () => {
    await launcher.close()
    rmSync(stagingRoot, { recursive: true, force: true })
  })

  it('counts after it ends: over the limit between two walks and gone is still over', async () => {
    // Three 4 MiB files at once, under the 8 MiB file limit each, then it exits at once.
    const { exit } = await run(launcher, {
      command: ['/bin/sh', '-c', 'for f in a b c; do head -c 4194304 /dev/zero > $f & done; wait'],
      limits: { diskBytes: 8 * MiB, timeoutMs: 30_000 },
    })
    expect(exit.reason).toBe('disk')
    expect(exit.message).toBe('exceeded its disk limit of 8Mi in staging')
  }, 40_000)
})
