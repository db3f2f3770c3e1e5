import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { createApp } from './app/create-app.js'
import type { ServerDeps } from './app/server-deps.js'

/** Where to listen. */
export interface StartServerOptions extends ServerDeps {
  /** Default 127.0.0.1: reachable from this host only unless asked otherwise. */
  readonly host?: string
  /** Default 8080; 0 picks a free port. */
  readonly port?: number
}

/** A listening control plane: its URL, and close(), which stops it gracefully. */
export interface RunningServer {
  readonly url: string
  /**
   * Stops accepting connections, lets requests under way finish (closing idle keep-alive
   * connections at once) for up to graceMs, then cuts the rest. The Barn stays open: its
   * owner closes it after this.
   */
  close(graceMs?: number): Promise<void>
}

/** Starts the HTTP API over deps.barn; resolves once it listens. */
export function startServer(options: StartServerOptions): Promise<RunningServer> {
  const app = createApp(options)
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: options.host ?? '127.0.0.1', port: options.port ?? 8080 },
      (info: AddressInfo) => {
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address
        resolve({
          url: `http://${host}:${info.port}`,
          close: (graceMs) => stop(server as Server, graceMs),
        })
      },
    ) as Server
    server.once('error', reject)
  })
}

function stop(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs)
    server.close(() => {
      clearTimeout(timer)
      resolve()
    })
    server.closeIdleConnections()
  })
}
