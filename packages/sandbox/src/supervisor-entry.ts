import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createHash } from 'node:crypto'

/**
 * The file to start the supervisor from: the compiled `supervisor-main.js` beside this module,
 * or — when running from TypeScript sources (tests, the dev CLI) — a bundle of
 * `supervisor-main.ts` made once with esbuild and cached by content hash.
 */
export async function supervisorEntry(): Promise<string> {
  const here = fileURLToPath(import.meta.url)
  const built = join(dirname(here), 'supervisor-main.js')
  if (here.endsWith('.js') && existsSync(built)) return built
  const { build } = await import('esbuild')
  const result = await build({
    entryPoints: [join(dirname(here), 'supervisor-main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]?.text ?? ''
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16)
  const file = join(tmpdir(), 'runink-supervisor', `supervisor-${hash}.mjs`)
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true })
    const temp = `${file}.${process.pid}.tmp`
    writeFileSync(temp, code)
    renameSync(temp, file)
  }
  return file
}
