import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ExitCode, SliceExitReason, vocabulary } from '@runink/core'
import { describe, expect, it } from 'vitest'
import { CODE_TABLES, ERROR_CODES, listErrorCodes, surfaceOf } from './error-codes.js'
import { ErrorKind, codesOf } from './error-kind.js'
import { sliceExitCode } from './engine-codes.js'

const ROOT = path.resolve(import.meta.dirname, '../../../..')

/** Every non-test .ts file under packages/<name>/src and apps/<name>/src. */
function sourceFiles(): string[] {
  const files: string[] = []
  for (const dir of ['packages', 'apps'])
    for (const ws of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      if (!ws.isDirectory()) continue
      const src = path.join(ROOT, dir, ws.name, 'src')
      let entries: string[]
      try {
        entries = readdirSync(src, { recursive: true, encoding: 'utf8' })
      } catch {
        continue
      }
      for (const entry of entries)
        if (entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !entry.endsWith('.d.ts'))
          files.push(path.join(src, entry))
    }
  return files
}

describe('the error-code tables', () => {
  it('give each code to one table only', () => {
    const seen = new Map<string, string>()
    const twice: string[] = []
    for (const [owner, groups] of Object.entries(CODE_TABLES))
      for (const [constant, table] of Object.entries(groups))
        for (const code of Object.keys(table)) {
          const where = `${owner}.${constant}`
          const first = seen.get(code)
          if (first !== undefined) twice.push(`${code}: ${first} and ${where}`)
          seen.set(code, where)
        }
    expect(twice).toEqual([])
    expect(Object.keys(ERROR_CODES)).toHaveLength(seen.size)
  })

  it('hold every RUNINK_ code a source file names', () => {
    const literal = /(['"`])(RUNINK_[A-Z0-9_]+)\1/g
    const missing: string[] = []
    const files = sourceFiles()
    expect(files.length).toBeGreaterThan(100)
    for (const file of files)
      for (const m of readFileSync(file, 'utf8').matchAll(literal))
        if (!Object.hasOwn(ERROR_CODES, m[2]!))
          missing.push(`${m[2]} (${path.relative(ROOT, file)})`)
    expect(missing).toEqual([])
  })

  it('surface each kind as its HTTP status and exit code', () => {
    const expected: Record<ErrorKind, { http: number; exit: ExitCode }> = {
      input: { http: 400, exit: ExitCode.usage },
      unauthenticated: { http: 401, exit: ExitCode.usage },
      forbidden: { http: 403, exit: ExitCode.usage },
      not_found: { http: 404, exit: ExitCode.usage },
      too_large: { http: 413, exit: ExitCode.usage },
      conflict: { http: 409, exit: ExitCode.failed },
      failed: { http: 422, exit: ExitCode.failed },
      internal: { http: 500, exit: ExitCode.failed },
    }
    const example = (kind: ErrorKind) =>
      Object.entries(ERROR_CODES).find(([, k]) => k === kind)?.[0]
    for (const kind of Object.values(ErrorKind)) {
      const code = example(kind)
      expect(code, `a code of kind ${kind}`).toBeDefined()
      expect(surfaceOf(code!), `${code} (${kind})`).toEqual(expected[kind])
    }
    expect(surfaceOf('RUNINK_SANDBOX_CLOSED')).toEqual({ http: 409, exit: ExitCode.failed })
    expect(surfaceOf('RUNINK_CLI_USAGE')).toEqual({ http: 400, exit: ExitCode.usage })
    expect(surfaceOf('RUNINK_PROTOCOL_MALFORMED')).toEqual({ http: 422, exit: ExitCode.failed })
  })

  it('treat an unknown code as internal', () => {
    expect(surfaceOf('RUNINK_NEVER_DEFINED')).toEqual({ http: 500, exit: ExitCode.failed })
    expect(surfaceOf('toString')).toEqual({ http: 500, exit: ExitCode.failed })
  })

  it('list every code once, sorted, with its owner and surface', () => {
    const list = listErrorCodes()
    expect(list.map((e) => e.code)).toEqual(Object.keys(ERROR_CODES).sort())
    expect(list.find((e) => e.code === 'RUNINK_SANDBOX_CLOSED')).toEqual({
      code: 'RUNINK_SANDBOX_CLOSED',
      kind: 'conflict',
      owner: 'sandbox',
      constant: 'SandboxCodes',
      http: 409,
      exit: ExitCode.failed,
    })
  })

  it('name codes by themselves in the constants packages raise them by', () => {
    const Codes = codesOf({ RUNINK_TEST_A: 'input', RUNINK_TEST_B: 'failed' })
    expect(Codes).toEqual({ RUNINK_TEST_A: 'RUNINK_TEST_A', RUNINK_TEST_B: 'RUNINK_TEST_B' })
  })
  it('give every way a slice can end without a result its own code', () => {
    for (const reason of vocabulary(SliceExitReason)) {
      const code = sliceExitCode(reason)
      expect(ERROR_CODES[code], reason).toBe('failed')
    }
    expect(sliceExitCode('ok')).toBe('RUNINK_SLICE_FAILED')
    expect(sliceExitCode('timeout')).toBe('RUNINK_SLICE_TIMEOUT')
  })
})
