import { realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { BARN_DIR } from '@runink/store'
import type { CliIo } from '../cli-io.js'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { resolveArg } from '../resolve-arg.js'
import { formatTable } from './format-table.js'
import { HOME_OPTION, withBarn } from './open-barn-for.js'

type Opts = { json?: boolean; home?: string; write?: boolean }

/** An existing folder, absolute with symlinks resolved, never a Barn or inside one. */
function folderArg(io: CliIo, arg: string): string {
  const given = resolveArg(io, arg)
  let real: string
  try {
    real = realpathSync(given)
  } catch {
    throw new CliError('RUNINK_CLI_FILE_NOT_FOUND', `${arg}: no such folder`, { folder: given })
  }
  if (!statSync(real).isDirectory())
    throw new CliError('RUNINK_CLI_USAGE', `${arg} is a file: allow the folder that holds it`, {
      folder: real,
    })
  if (['/proc', '/sys', '/dev'].some((k) => real === k || real.startsWith(`${k}/`)))
    throw new CliError(
      'RUNINK_CLI_USAGE',
      `${arg} is a kernel or device folder (${real}): never allowed`,
      { folder: real },
    )
  if (real.split(path.sep).includes(BARN_DIR))
    throw new CliError(
      'RUNINK_CLI_USAGE',
      `${arg} is inside a Barn (${BARN_DIR}/): never allowed`,
      {
        folder: real,
      },
    )
  return real
}

/** The folder as stored: resolved like an allowed one, or as given when it is gone. */
function storedFolder(io: CliIo, arg: string): string {
  const given = resolveArg(io, arg)
  try {
    return realpathSync(given)
  } catch {
    return given
  }
}

/**
 * `runi herd path allow|revoke|list`: file sources and sinks resolve inside the feature file's
 * folder; a herd may allow an outside folder, for reading (sources) or, with --write, for
 * sinks too. Checked by `runi check` and again at run time.
 */
export function registerHerdPath(group: Command, ctx: CliContext): void {
  const paths = (group.command('path') as Command).description(
    "allow, revoke and list folders outside the project that a herd's pipelines may read (or write)",
  )
  const allow = paths
    .command('allow <herd> <folder>')
    .description("let the herd's file sources read in this folder (audited)")
    .option('--write', 'let its file sinks write there too')
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .action(
      action(ctx, (herd: string, folderText: string, opts: Opts) => {
        const folder = folderArg(ctx.io, folderText)
        return withBarn(
          ctx.io,
          opts.home,
          async (barn) => {
            const grant = await barn.herds.allowPath(herd, folder, {
              writable: opts.write === true,
            })
            if (opts.json) printJson(ctx.io, grant)
            else
              println(
                ctx.io,
                `herd ${herd}: pipelines may read${grant.writable ? ' and write' : ''} files in ${folder} (allowed by ${grant.grantedBy} at ${grant.grantedAt.toISOString()})`,
              )
            return ExitCode.ok
          },
          { mustExist: false },
        )
      }),
    )
  withExamples(
    allow,
    'runi herd path allow finance /srv/exports',
    'runi herd path allow finance ../shared/out --write',
  )
  const revoke = paths
    .command('revoke <herd> <folder>')
    .description('take an allowed folder back (audited)')
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .action(
      action(ctx, (herd: string, folderText: string, opts: Opts) => {
        const folder = storedFolder(ctx.io, folderText)
        return withBarn(ctx.io, opts.home, async (barn) => {
          const revoked = await barn.herds.revokePath(herd, folder)
          if (opts.json) printJson(ctx.io, { herd, folder, revoked })
          else
            println(
              ctx.io,
              revoked
                ? `herd ${herd}: pipelines no longer use files in ${folder}`
                : `herd ${herd} did not allow ${folder}: nothing changed`,
            )
          return ExitCode.ok
        })
      }),
    )
  withExamples(revoke, 'runi herd path revoke finance /srv/exports')
  const list = paths
    .command('list <herd>')
    .description('the outside folders a herd allows')
    .option('--json', 'print JSON')
    .option(...HOME_OPTION)
    .action(
      action(ctx, (herd: string, opts: Opts) =>
        withBarn(ctx.io, opts.home, async (barn) => {
          const grants = await barn.herds.pathGrants(herd)
          if (opts.json) printJson(ctx.io, grants)
          else if (grants.length === 0)
            println(ctx.io, `herd ${herd} allows no folder outside its projects`)
          else
            println(
              ctx.io,
              formatTable(
                ['FOLDER', 'ACCESS', 'ALLOWED BY', 'ALLOWED AT'],
                grants.map((g) => [
                  g.folder,
                  g.writable ? 'read-write' : 'read',
                  g.grantedBy,
                  g.grantedAt.toISOString(),
                ]),
              ),
            )
          return ExitCode.ok
        }),
      ),
    )
  withExamples(list, 'runi herd path list finance')
}
