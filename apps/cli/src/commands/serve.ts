import type { Command } from 'commander'
import { ExitCode } from '@runink/core'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { resolveArg } from '../resolve-arg.js'
import { eprintln } from '../output.js'
import { serveRunBarn } from '../serve/serve-run-barn.js'
import { onStopSignal } from '../signal-exit.js'
import { HOME_OPTION, openBarnFor } from './open-barn-for.js'
import { withExamples } from './with-examples.js'

type Opts = { port: string; host: string; home?: string }

function portOf(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError('RUNINK_CLI_USAGE', `--port takes 0 to 65535, not ${value}`)
  return port
}

/**
 * `runi serve`: the control plane's HTTP API over the Barn of a folder (created there if need
 * be) or RUNINK_DATABASE_URL, until SIGINT or SIGTERM, then a graceful stop (requests under way
 * finish, the Barn is closed). With an embedded Barn it holds it, and answers the read-only
 * `runi` commands of other terminals over the Barn's socket as a run does.
 */
export function registerServe(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('serve')
    .description('run the control plane: the HTTP API (/api/v1) over this folder’s Barn')
    .option('--port <n>', 'port to listen on (0: any free one)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(...HOME_OPTION)
    .action(
      action(ctx, async (opts: Opts) => {
        const { io } = ctx
        const port = portOf(opts.port)
        const home = opts.home ? resolveArg(io, opts.home) : io.cwd
        // Loaded here, not at start: no other command pays for the HTTP stack.
        const [
          { OPENAPI_PATH, RunExecutor, authFromEnv, loadTracing, startServer },
          { default: pino },
        ] = await Promise.all([import('@runink/server'), import('pino')])
        const auth = authFromEnv(io.env)
        if ('problem' in auth) throw new CliError('RUNINK_CLI_USAGE', auth.problem)
        const logger = pino({ base: { service: 'runi-serve' } })
        const barn = await openBarnFor(io, home, { mustExist: false })
        // Runs a server (or runi run) that is gone left running were marked abandoned on opening.
        for (const id of barn.recovered)
          eprintln(
            io,
            `note: run ${id} was left running by a process that is gone; marked abandoned (runi run or a new submission of its pipeline reuses the stages it published)`,
          )
        let stop!: () => void
        const stopped = new Promise<void>((resolve) => (stop = resolve))
        const offStop = onStopSignal(() => stop())
        let served: Awaited<ReturnType<typeof serveRunBarn>> | undefined
        // Submitted runs run here, as `runi run` would (bundles and staging in this folder).
        const executor = new RunExecutor({ barn, home })
        // OpenTelemetry, when OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT says where to send spans.
        const tracing = await loadTracing(io.env)
        try {
          served = await serveRunBarn(ctx, home, barn)
          const server = await startServer({
            barn,
            executor,
            tracing,
            auth: auth.options,
            host: opts.host,
            port,
            log: (line) => logger.info(line, 'request'),
          }).catch((error: NodeJS.ErrnoException) => {
            if (
              error.code === 'EADDRINUSE' ||
              error.code === 'EACCES' ||
              error.code === 'EADDRNOTAVAIL'
            )
              throw new CliError(
                'RUNINK_CLI_USAGE',
                `cannot listen on ${opts.host}:${port} (${error.code}): pass another --port or --host`,
                { host: opts.host, port },
              )
            throw error
          })
          eprintln(
            io,
            `runi serve: listening on ${server.url} (Barn: ${barn.kind === 'postgres' ? 'PostgreSQL at RUNINK_DATABASE_URL' : home}); OpenAPI at ${server.url}${OPENAPI_PATH}; Ctrl-C stops`,
          )
          if (tracing) eprintln(io, `runi serve: sending traces to ${tracing.url} (OTLP/HTTP)`)
          await stopped
          eprintln(
            io,
            'runi serve: stopping (runs still going are cancelled, requests under way finish, then the Barn closes)',
          )
          // Runs first: their event streams end with them instead of holding the server open.
          await executor.close()
          await server.close()
        } finally {
          offStop()
          // Runs still going are cancelled (their slices stop, nothing is published); a no-op after
          // the stop above.
          await executor.close()
          await served?.close()
          await barn.close()
          // Spans not sent yet go out last (the run spans end with the runs above).
          await tracing?.shutdown()
        }
        return ExitCode.ok
      }),
    )
  withExamples(cmd, 'runi serve', 'runi serve --port 9000 --host 0.0.0.0 --home /srv/runink')
}
