import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalLauncher, type LocalLauncher } from './local-launcher.js'
import { runToEnd, testedBackends } from './testing/sandbox-backends.js'

// A slice whose read-only paths nest: a project folder (an exec step's) and an input file in it.
// The unshare backend bound the folder read-only, then could not create the file's mount point
// inside it ("cannot create …: Read-only file system"): the sensors example failed on hosts
// without bwrap.
describe.each(testedBackends)('nested read-only binds (%s)', (backend) => {
  let root: string
  let launcher: LocalLauncher
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'runink-nested-'))
    mkdirSync(join(root, 'proj', 'data'), { recursive: true })
    writeFileSync(join(root, 'proj', 'data', 'in.csv'), 'id\n1\n')
    for (const p of [root, join(root, 'proj'), join(root, 'proj', 'data')]) chmodSync(p, 0o755)
    chmodSync(join(root, 'proj', 'data', 'in.csv'), 0o644)
    const stagingRoot = join(root, 'staging')
    mkdirSync(stagingRoot, { mode: 0o711 })
    chmodSync(stagingRoot, 0o711)
    launcher = createLocalLauncher({ backend, stagingRoot })
  })
  afterAll(async () => {
    await launcher.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('mounts a file inside a folder that is itself mounted read-only', async () => {
    const file = join(root, 'proj', 'data', 'in.csv')
    const { exit, stdout, stderr } = await runToEnd(launcher, {
      command: ['cat', file],
      readOnly: [join(root, 'proj'), file],
    })
    expect(stderr).not.toMatch(/cannot create/)
    expect(exit.exitCode).toBe(0)
    expect(stdout).toBe('id\n1\n')
  })
})
