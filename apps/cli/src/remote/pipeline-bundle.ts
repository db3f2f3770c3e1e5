import { lstat, readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { CliError } from '../cli-error.js'

/** The most a bundle may hold (the server's limit for a request body is 16 MiB in base64). */
export const MAX_BUNDLE_BYTES = 12 * 1024 * 1024

/**
 * Never sent: hidden files and folders (`.runink*`, `.git`, `.env`, editors' and tools' own,
 * which may hold secrets), outputs and dependencies.
 */
const SKIP = /^(\..*|out|node_modules)$/

/**
 * A feature file's folder as a pipeline bundle for the server: every regular file under it
 * (its contracts, steps and local data), paths relative and `/`-separated, bytes in base64,
 * skipping hidden entries (`.runink*`, `.git`, `.env`, …), `out/`, `node_modules/` and
 * symbolic links. Over
 * {@link MAX_BUNDLE_BYTES} it is refused, saying how big it is.
 */
export async function pipelineBundle(
  featureFile: string,
): Promise<{ feature: string; files: Record<string, string> }> {
  const root = path.dirname(featureFile)
  const files: Record<string, string> = {}
  let size = 0
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir)).sort()) {
      const full = path.join(dir, entry)
      if (SKIP.test(entry)) continue
      const info = await lstat(full)
      if (info.isDirectory()) await walk(full)
      else if (info.isFile()) {
        size += info.size
        if (size > MAX_BUNDLE_BYTES)
          throw new CliError(
            'RUNINK_CLI_USAGE',
            `${root} holds over ${MAX_BUNDLE_BYTES} bytes to send: push large inputs as datasets (runi dataset push), or move them out of the pipeline's folder`,
            { folder: root },
          )
        files[path.relative(root, full).split(path.sep).join('/')] = (
          await readFile(full)
        ).toString('base64')
      }
    }
  }
  await walk(root)
  return { feature: path.basename(featureFile), files }
}
