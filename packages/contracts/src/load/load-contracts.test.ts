import { describe, expect, it } from 'vitest'
import type { SourceFs } from '@runink/core'
import { ContractLoadError } from './contract-load-error.js'
import { loadContractFile } from './load-contract-file.js'
import { loadContracts } from './load-contracts.js'

/** A read-only in-memory file tree with POSIX paths: the injected `SourceFs` in tests. */
function memoryFs(files: Record<string, string>): SourceFs {
  const normalize = (path: string): string => {
    const out: string[] = []
    for (const part of path.split('/')) {
      if (part === '..') out.pop()
      else if (part !== '' && part !== '.') out.push(part)
    }
    return `/${out.join('/')}`
  }
  const isDir = (path: string): boolean => {
    const dir = normalize(path)
    const prefix = dir === '/' ? '/' : `${dir}/`
    return Object.keys(files).some((f) => f.startsWith(prefix))
  }
  return {
    readText: async (path) => {
      const text = files[normalize(path)]
      if (text === undefined) throw new Error(`ENOENT: ${path}`)
      return text
    },
    list: async (dir) => {
      const prefix = normalize(dir) === '/' ? '/' : `${normalize(dir)}/`
      const names = Object.keys(files)
        .filter((f) => f.startsWith(prefix))
        .map((f) => f.slice(prefix.length).split('/')[0] ?? '')
      return [...new Set(names)]
    },
    isDirectory: async (path) => isDir(path),
    exists: async (path) => normalize(path) in files || isDir(path),
    resolve: (...parts) =>
      normalize(parts.reduce((acc, p) => (p.startsWith('/') ? p : `${acc}/${p}`), '')),
    dirname: (path) => normalize(path).split('/').slice(0, -1).join('/') || '/',
  }
}

const contract = (name: string, version: string, extra = ''): string =>
  `contract: ${name}\nversion: ${version}\nfields:\n  id: string\n${extra}`

describe('loadContracts', () => {
  it('loads folders recursively in sorted order, YAML, YML and JSON alike', async () => {
    const fs = memoryFs({
      '/c/b.yaml': contract('b', '1.0.0'),
      '/c/a.yml': contract('a', '1.0.0'),
      '/c/deep/er/c.json': JSON.stringify({ contract: 'c', version: '1.0.0', fields: {} }),
      '/c/README.md': '# not a contract',
      '/c/deep/notes.txt': 'contract: nope',
    })
    const { contracts, problems } = await loadContracts(['/c'], fs)
    expect(problems).toEqual([])
    expect(contracts.names()).toEqual(['a', 'b', 'c'])
    expect(contracts.get('c')?.source.file).toBe('/c/deep/er/c.json')
    expect(contracts.all().map((c) => c.ref)).toEqual(['a@1.0.0', 'b@1.0.0', 'c@1.0.0'])
  })

  it('accepts single files next to folders and loads a file named twice once', async () => {
    const fs = memoryFs({ '/c/a.yaml': contract('a', '1.0.0'), '/x.yaml': contract('x', '2.0.0') })
    const { contracts, problems } = await loadContracts(['/x.yaml', '/c', '/c/a.yaml'], fs)
    expect(problems).toEqual([])
    expect(contracts.names()).toEqual(['a', 'x'])
  })

  it('reports a missing path by name and still loads the rest', async () => {
    const fs = memoryFs({ '/c/a.yaml': contract('a', '1.0.0') })
    const { contracts, problems } = await loadContracts(['/nope', '/c'], fs)
    expect(problems).toEqual([
      {
        code: 'RUNINK_CONTRACT_NOT_FOUND',
        message: 'no such contract file or folder: /nope',
        file: '/nope',
      },
    ])
    expect(contracts.names()).toEqual(['a'])
  })

  it('reports the problems of every bad file with its name and keeps the good ones', async () => {
    const fs = memoryFs({
      '/c/bad1.yaml': contract('bad1', '1.0.0', '  x: { type: int, requried: true }\n'),
      '/c/bad2.yaml': 'contract: [',
      '/c/good.yaml': contract('good', '1.0.0'),
    })
    const { contracts, problems } = await loadContracts(['/c'], fs)
    expect(problems.map((p) => [p.file, p.code, p.line])).toEqual([
      ['/c/bad1.yaml', 'RUNINK_CONTRACT_UNKNOWN_KEY', 5],
      ['/c/bad2.yaml', 'RUNINK_CONTRACT_SYNTAX', 1],
    ])
    expect(contracts.names()).toEqual(['good'])
  })

  it('reports a second definition of the same name@version as a duplicate', async () => {
    const fs = memoryFs({
      '/c/one.yaml': contract('t', '1.0.0'),
      '/c/two.yaml': contract('t', '1.0.0', '  extra: int\n'),
      '/c/three.yaml': contract('t', '1.1.0'),
    })
    const { contracts, problems } = await loadContracts(['/c'], fs)
    expect(problems).toEqual([
      {
        code: 'RUNINK_CONTRACT_DUPLICATE',
        message: 't@1.0.0 is already defined in /c/one.yaml',
        file: '/c/two.yaml',
        path: 'contract',
      },
    ])
    expect(contracts.get('t', '1.0.0')?.source.file).toBe('/c/one.yaml')
    expect(contracts.all()).toHaveLength(2)
  })

  it('selects versions by semantic precedence, not by text', async () => {
    const fs = memoryFs({
      '/c/a.yaml': contract('t', '1.9.0'),
      '/c/b.yaml': contract('t', '1.10.0'),
      '/c/c.yaml': contract('t', '1.10.0-rc.1'),
      '/c/d.yaml': contract('t', '0.2.0'),
    })
    const { contracts } = await loadContracts(['/c'], fs)
    expect(contracts.get('t')?.model.version).toBe('1.10.0')
    expect(contracts.get('t', '1.9.0')?.source.file).toBe('/c/a.yaml')
    expect(contracts.get('t', '3.0.0')).toBeUndefined()
    expect(contracts.get('u')).toBeUndefined()
    expect(contracts.all().map((c) => c.model.version)).toEqual([
      '0.2.0',
      '1.9.0',
      '1.10.0-rc.1',
      '1.10.0',
    ])
    expect(contracts.resolveRef('t')?.ref).toBe('t@1.10.0')
    expect(contracts.resolveRef('t@1.10.0-rc.1')?.source.file).toBe('/c/c.yaml')
    expect(contracts.resolveRef('t@9.9.9')).toBeUndefined()
  })
})

describe('loadContractFile', () => {
  const fs = memoryFs({
    '/c/ok.yaml': contract('ok', '1.0.0'),
    '/c/bad.yaml':
      'contract: t\nversion: 1.0.0\nfields:\n  a: { type: strng }\n  b: { type: int, min: x }\n',
  })

  it('returns the loaded contract', async () => {
    const c = await loadContractFile('/c/ok.yaml', fs)
    expect(c.ref).toBe('ok@1.0.0')
    expect(c.source.file).toBe('/c/ok.yaml')
  })

  it('throws a ContractLoadError with every problem, the first formatted as its message', async () => {
    const error = await loadContractFile('/c/bad.yaml', fs).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContractLoadError)
    const e = error as ContractLoadError
    expect(e.code).toBe('RUNINK_CONTRACT_INVALID_VALUE')
    expect(e.message).toBe(
      '/c/bad.yaml:4:14: fields.a.type: unknown type "strng" (did you mean "string"?)',
    )
    expect(e.problems).toHaveLength(2)
    expect(e.details.problems).toHaveLength(2)
  })

  it('throws NOT_FOUND for a missing file or a folder', async () => {
    for (const path of ['/c/nope.yaml', '/c']) {
      const error = await loadContractFile(path, fs).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'RUNINK_CONTRACT_NOT_FOUND', problems: [{ file: path }] })
    }
  })
})
