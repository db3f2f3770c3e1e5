import type { Command } from 'commander'
import { ExitCode, isRuninkError, RuninkError } from '@runink/core'
import { contractToYaml } from '@runink/contracts'
import { StoreErrors, type StoredContract } from '@runink/store'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { HOME_OPTION } from './open-barn-for.js'
import { LOCAL_OPTION, SERVER_OPTION } from '../remote/server-target.js'
import type { BarnReader } from '../read/barn-reader.js'
import { withReader, type ReaderOptions } from '../read/with-reader.js'

const HASH = /^sha256:[0-9a-f]{64}$/

/** The herd's contract `ref` (a hash, `name` or `name@version`); undefined when it has none. */
async function findIn(
  reader: BarnReader,
  ref: string,
  herd: string,
): Promise<StoredContract | undefined> {
  if (HASH.test(ref)) {
    try {
      return await reader.contract(ref, herd)
    } catch (error) {
      if (isRuninkError(error) && error.code === StoreErrors.RUNINK_STORE_NOT_FOUND)
        return undefined
      throw error
    }
  }
  const at = ref.lastIndexOf('@')
  const [name, version] = at > 0 ? [ref.slice(0, at), ref.slice(at + 1)] : [ref, undefined]
  const versions = await reader.contractVersions(name, herd)
  // Highest version first; one version registered twice: its newest document.
  const entry = version === undefined ? versions[0] : versions.find((v) => v.version === version)
  return entry && reader.contract(entry.hash, herd)
}

/**
 * The contract `ref` in `--herd`, or in the one herd that has it: a ref more than one herd has
 * needs `--herd`; none is RUNINK_STORE_NOT_FOUND.
 */
async function findContract(
  reader: BarnReader,
  ref: string,
  herd: string | undefined,
): Promise<StoredContract> {
  const found: StoredContract[] = []
  for (const h of herd === undefined ? await reader.herds() : [herd]) {
    const c = await findIn(reader, ref, h)
    if (c) found.push(c)
  }
  if (found.length > 1)
    throw new CliError(
      'RUNINK_CLI_USAGE',
      `contract ${ref} is in herds ${found.map((c) => c.herd).join(', ')}: pass --herd with one of them`,
      { ref, herds: found.map((c) => c.herd) },
    )
  const [one] = found
  if (one) return one
  throw new RuninkError(
    StoreErrors.RUNINK_STORE_NOT_FOUND,
    `no contract ${ref} ${herd === undefined ? 'in any herd' : `in herd ${herd}`}: runs and pipeline uploads register the contracts they use`,
    { details: { what: 'contract', id: ref, ...(herd === undefined ? {} : { herd }) } },
  )
}

/**
 * `runi contract show <name|name@version|hash>`: a contract registered in the Barn, as a
 * contract file (YAML, loadable again) under comment lines saying which one it is.
 */
export function registerContractShow(group: Command, ctx: CliContext): void {
  const cmd = group
    .command('show')
    .description('print a contract registered in the Barn (by name, name@version or hash)')
    .argument('<contract>', 'name (its highest version), name@version, or sha256:… hash')
    .option('--herd <name>', 'herd (default: the herd that has it)')
    .option('--json', 'print JSON (with the normalised document)')
    .option(...HOME_OPTION)
    .option(...SERVER_OPTION)
    .option(...LOCAL_OPTION)
    .action(
      action(ctx, (ref: string, opts: ReaderOptions & { herd?: string; json?: boolean }) =>
        withReader(ctx.io, opts, async (reader) => {
          const c = await findContract(reader, ref, opts.herd)
          if (opts.json) printJson(ctx.io, c)
          else {
            println(ctx.io, `# ${c.name}@${c.version} ${c.hash}`)
            println(
              ctx.io,
              `# herd ${c.herd}, registered ${c.createdAt.toISOString()} by ${c.createdBy}`,
            )
            ctx.io.stdout.write(contractToYaml(c.document))
          }
          return ExitCode.ok
        }),
      ),
    )
  withExamples(
    cmd,
    'runi contract show trade',
    'runi contract show trade@1.2.0 --herd finance',
    'runi contract show sha256:… --json',
  )
}
