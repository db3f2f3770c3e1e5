// `npm run install-cli [-- --prefix DIR] [-- --force]`: puts `runi` on the PATH from this clone.
// Writes a small launcher, <prefix>/bin/runi, that runs this clone's built CLI with the Node that
// ran this script (the one the build was made with). Default prefix: /usr/local for root,
// ~/.local otherwise. Says where it put it and whether that folder is on the PATH.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const MARK = '# runi launcher written by `npm run install-cli`'
const cli = fileURLToPath(new URL('../', import.meta.url))
const bin = path.join(cli, 'bin', 'runi.js')
const clone = path.resolve(cli, '..', '..')

function fail(message) {
  process.stderr.write(`install-cli: ${message}\n`)
  process.exit(2)
}

function parseArgs(argv) {
  const opts = { prefix: undefined, force: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--force') opts.force = true
    else if (arg === '--prefix') {
      const value = argv[++i]
      if (value === undefined || value === '') fail('--prefix needs a folder')
      opts.prefix = path.resolve(value)
    } else if (arg.startsWith('--prefix='))
      opts.prefix = path.resolve(arg.slice('--prefix='.length))
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        'usage: npm run install-cli [-- --prefix DIR] [-- --force]\n' +
          '  writes DIR/bin/runi (default DIR: /usr/local for root, ~/.local otherwise)\n',
      )
      process.exit(0)
    } else fail(`unknown argument ${arg} (usage: npm run install-cli -- [--prefix DIR] [--force])`)
  }
  return opts
}

const opts = parseArgs(process.argv.slice(2))
if (!existsSync(path.join(cli, 'dist', 'main.js')))
  fail(
    `the CLI in ${clone} is not built yet: run \`npm install\` (or \`npm run build\`) there first`,
  )
const prefix =
  opts.prefix ?? (process.getuid?.() === 0 ? '/usr/local' : path.join(os.homedir(), '.local'))
const binDir = path.join(prefix, 'bin')
const target = path.join(binDir, 'runi')
if (existsSync(target) && !opts.force && !readFileSync(target, 'utf8').includes(MARK))
  fail(`${target} exists and is not a runi launcher from a clone; pass --force to replace it`)

const quote = (s) => `'${s.replaceAll("'", `'\\''`)}'`
const launcher = `#!/bin/sh
${MARK}
# from the clone at ${clone}
# --liftoff-only: V8 flags are read at start; runi.js would otherwise run itself again with it
exec ${quote(process.execPath)} --liftoff-only ${quote(bin)} "$@"
`
mkdirSync(binDir, { recursive: true })
const tmp = `${target}.${process.pid}.tmp`
writeFileSync(tmp, launcher, { mode: 0o755 })
renameSync(tmp, target)

const onPath = (process.env.PATH ?? '')
  .split(path.delimiter)
  .filter(Boolean)
  .map((p) => path.resolve(p))
const first = onPath
  .map((dir) => path.join(dir, 'runi'))
  .find((file) => {
    try {
      return statSync(file).isFile()
    } catch {
      return false
    }
  })
process.stdout.write(`installed runi: ${target}\n  runs ${bin}\n  with ${process.execPath}\n`)
if (!onPath.includes(binDir))
  process.stdout.write(
    `${binDir} is not on your PATH; add it (e.g. in ~/.profile):\n  export PATH="${binDir}:$PATH"\n`,
  )
else if (first !== target)
  process.stdout.write(`warning: ${first} comes first on your PATH and is what \`runi\` runs\n`)
else process.stdout.write(`${binDir} is on your PATH: try \`runi --help\`\n`)
