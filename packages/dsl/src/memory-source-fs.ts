import type { SourceFs } from '@runink/core'

function normalize(path: string): string {
  const out: string[] = []
  for (const part of path.split('/')) {
    if (part === '..') out.pop()
    else if (part !== '' && part !== '.') out.push(part)
  }
  return `/${out.join('/')}`
}

/**
 * A read-only `SourceFs` over in-memory files with POSIX paths (`{ '/p/f.dsl': text }`): for
 * compiling in a browser, an editor, or tests.
 */
export function memorySourceFs(files: Readonly<Record<string, string>>): SourceFs {
  const table = new Map(Object.entries(files).map(([p, t]) => [normalize(p), t]))
  const isDir = (path: string): boolean => {
    const dir = normalize(path)
    const prefix = dir === '/' ? '/' : `${dir}/`
    return [...table.keys()].some((f) => f.startsWith(prefix))
  }
  return {
    readText: async (path) => {
      const text = table.get(normalize(path))
      if (text === undefined) throw new Error(`no such file: ${path}`)
      return text
    },
    list: async (dir) => {
      const prefix = normalize(dir) === '/' ? '/' : `${normalize(dir)}/`
      const names = [...table.keys()]
        .filter((f) => f.startsWith(prefix))
        .map((f) => f.slice(prefix.length).split('/')[0] ?? '')
      return [...new Set(names)].sort()
    },
    isDirectory: async (path) => isDir(path),
    exists: async (path) => table.has(normalize(path)) || isDir(path),
    resolve: (...parts) =>
      normalize(parts.reduce((acc, p) => (p.startsWith('/') ? p : `${acc}/${p}`), '')),
    dirname: (path) => normalize(path).split('/').slice(0, -1).join('/') || '/',
  }
}
