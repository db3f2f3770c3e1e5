import { PassThrough } from 'node:stream'
import { main } from '../main.js'

/** What one in-process `runi` invocation printed and returned. */
export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs `runi` in this process with captured output, as a user in `cwd` would. */
export function runCli(cwd: string, ...argv: string[]): Promise<CliRun> {
  return runCliWith({ cwd, env: {} }, ...argv)
}

/** {@link runCli} with the environment `runi` sees (its state folder for audit keys, HOME, …). */
export async function runCliWith(
  at: { readonly cwd: string; readonly env: Record<string, string> },
  ...argv: string[]
): Promise<CliRun> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const out: Buffer[] = []
  const err: Buffer[] = []
  stdout.on('data', (c: Buffer) => out.push(c))
  stderr.on('data', (c: Buffer) => err.push(c))
  // Profiles come from the test's own config folder (vitest.config.ts), never the user's.
  const ownConfig = at.env.XDG_CONFIG_HOME !== undefined || at.env.HOME !== undefined
  const config = ownConfig ? {} : { XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME }
  const code = await main(argv, { stdout, stderr, cwd: at.cwd, env: { ...config, ...at.env } })
  return {
    code,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  }
}
