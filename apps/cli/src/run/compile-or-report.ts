import { compileFeature, formatDiagnostic, type CompileResult } from '@runink/dsl'
import path from 'node:path'
import { ExitCode } from '@runink/core'
import type { CliIo } from '../cli-io.js'
import { CliError } from '../cli-error.js'
import { nodeSourceFs } from '@runink/node'
import { colorsFor } from '../output.js'
import { resolveArg } from '../resolve-arg.js'
import { herdAllowedFolders } from './herd-allowed-folders.js'

/** A compiled feature file, or the exit code after its diagnostics were printed. */
export type Compiled =
  | { ok: true; file: string; result: CompileResult & { plan: NonNullable<CompileResult['plan']> } }
  | { ok: false; code: number }

/**
 * Compiles a feature file and prints its diagnostics (errors and warnings) to stderr. File
 * paths outside the feature file's folder are allowed only where the herd's Barn (at `home`,
 * default the feature file's folder) allows that folder.
 */
export async function compileOrReport(
  io: CliIo,
  fileArg: string,
  options: { strict?: boolean; quietWarnings?: boolean; home?: string } = {},
): Promise<Compiled> {
  const file = resolveArg(io, fileArg)
  if (!(await nodeSourceFs.exists(file)))
    throw new CliError('RUNINK_CLI_FILE_NOT_FOUND', `${fileArg}: no such feature file`, {
      file: fileArg,
    })
  const home = options.home ? resolveArg(io, options.home) : path.dirname(file)
  const result = await compileFeature(file, nodeSourceFs, {
    strict: options.strict ?? false,
    allowedFolders: herdAllowedFolders(io, home),
  })
  const color = Boolean(colorsFor(io, 'stderr').isColorSupported)
  for (const d of result.diagnostics) {
    if (d.severity !== 'error' && options.quietWarnings) continue
    io.stderr.write(`${formatDiagnostic(d, result.sources.get(d.file) ?? '', { color })}\n`)
  }
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length
  if (errors > 0 || result.plan === undefined) {
    io.stderr.write(`${fileArg}: ${errors} error(s); nothing was run\n`)
    return { ok: false, code: ExitCode.usage }
  }
  return {
    ok: true,
    file,
    result: result as CompileResult & { plan: NonNullable<CompileResult['plan']> },
  }
}
