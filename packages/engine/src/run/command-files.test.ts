import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandFiles } from './command-files.js'

let root: string
let project: string
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'runink-cmdfiles-'))
  project = path.join(root, 'project')
  await mkdir(path.join(project, 'steps'), { recursive: true })
  await mkdir(path.join(project, '.runink'), { recursive: true })
  await mkdir(path.join(project, 'lib', 'sub'), { recursive: true })
  await mkdir(path.join(project, 'lib', 'node_modules'), { recursive: true })
  for (const f of [
    'steps/score.py',
    'step.sh',
    'model.pkl',
    'has space.sh',
    '.runink/db',
    'lib/run.sh',
    'lib/helpers.sh',
    'lib/sub/deep.sh',
    'lib/other.py',
    'lib/node_modules/dep.sh',
  ])
    await writeFile(path.join(project, f), f)
  await writeFile(path.join(root, 'outside.sh'), 'x')
  await symlink(path.join(root, 'outside.sh'), path.join(project, 'link.sh'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('commandFiles', () => {
  it('finds the project files a command line names, flag values and quoted words included', () => {
    const files = commandFiles(
      `python3 steps/score.py --model=model.pkl | bash ./step.sh "has space.sh" missing.txt`,
      project,
      [project],
    )
    // step.sh is at the top of the project: every shell script of it may be sourced.
    expect(files.map((f) => path.relative(project, f))).toEqual([
      'has space.sh',
      'lib/helpers.sh',
      'lib/run.sh',
      'lib/sub/deep.sh',
      'model.pkl',
      'step.sh',
      'steps/score.py',
    ])
  })

  it('leaves out programs, folders, files outside the roots and the Barn', () => {
    expect(commandFiles('sh link.sh steps ../outside.sh .runink/db', project, [project])).toEqual(
      [],
    )
    expect(commandFiles('cat ../outside.sh', project, [project, root])).toContain(
      path.join(root, 'outside.sh'),
    )
  })

  it('brings the files a named script may import or source: its kind, in its folder and below', () => {
    expect(
      commandFiles('sh lib/run.sh', project, [project]).map((f) => path.relative(project, f)),
    ).toEqual(['lib/helpers.sh', 'lib/run.sh', 'lib/sub/deep.sh'])
  })
})
