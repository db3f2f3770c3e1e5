import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EtcCopy } from './etc-copy.js'

describe('EtcCopy', () => {
  const host = mkdtempSync(join(tmpdir(), 'runink-etc-host-'))
  const root = mkdtempSync(join(tmpdir(), 'runink-etc-root-'))
  afterAll(() => {
    rmSync(host, { recursive: true, force: true })
    rmSync(root, { recursive: true, force: true })
  })

  it('copies files (symlinks followed), leaves mount points for directories, refreshes', () => {
    writeFileSync(join(host, 'passwd'), 'root:x:0:0::/root:/bin/sh\n')
    writeFileSync(join(host, 'zone'), 'TZif-data')
    symlinkSync(join(host, 'zone'), join(host, 'localtime'))
    mkdirSync(join(host, 'ssl'))
    writeFileSync(join(host, 'ssl', 'cert.pem'), 'cert')
    const entries = ['passwd', 'localtime', 'ssl'].map((e) => join(host, e))
    const copy = new EtcCopy(entries, join(root, 'etc'))
    expect(readdirSync(copy.path).sort()).toEqual(['localtime', 'passwd', 'ssl'])
    expect(readFileSync(join(copy.path, 'passwd'), 'utf8')).toBe('root:x:0:0::/root:/bin/sh\n')
    expect(lstatSync(join(copy.path, 'localtime')).isFile()).toBe(true)
    expect(readFileSync(join(copy.path, 'localtime'), 'utf8')).toBe('TZif-data')
    expect(readdirSync(join(copy.path, 'ssl'))).toEqual([])
    expect(copy.dirs).toEqual([join(host, 'ssl')])

    writeFileSync(
      join(host, 'passwd'),
      'root:x:0:0::/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n',
    )
    copy.refresh()
    expect(readFileSync(join(copy.path, 'passwd'), 'utf8')).toContain('nobody')
  })
})
