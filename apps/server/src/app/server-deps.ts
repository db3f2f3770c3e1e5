import type { Clock } from '@runink/core'
import type { Barn } from '@runink/store'
import type { MiddlewareHandler } from 'hono'
import type { AuthOptions } from '../oidc/auth-options.js'
import type { JwtIssuer } from '../oidc/jwt-issuer.js'
import type { RunExecutor } from '../runs/run-executor.js'
import type { RunObserver } from '../runs/run-observer.js'
import type { ServerEnv } from './server-env.js'

/** What the control plane runs on: the Barn, and the clock and ids it reads (injected). */
export interface ServerDeps {
  readonly barn: Barn
  readonly clock?: Clock
  /** A new request id; default a random UUID. */
  readonly requestId?: () => string
  /** Runs submitted pipelines on this host; without it, submitting is refused. */
  readonly executor?: RunExecutor
  /** The largest request body accepted, in bytes; default 16 MiB (pipeline bundles). */
  readonly maxBodyBytes?: number
  /** How often an idle event stream sends a heartbeat comment; default 15 s. */
  readonly heartbeatMs?: number
  /** The largest dataset version sampled (`…/sample`), in bytes; default 64 MiB. */
  readonly maxSampleBytes?: number
  /** Told one JSON object per request (method, path, status, ms, request id, actor). */
  readonly log?: (line: Readonly<Record<string, unknown>>) => void
  /** OpenID Connect login, the public URL, JWT and session lifetimes; without it OIDC is off. */
  readonly auth?: AuthOptions
  /** Signs and verifies the CLI's JWTs; createApp makes one from `auth` when absent. */
  readonly jwt?: JwtIssuer
  /** Traces requests (a span each) when OpenTelemetry export is configured; see startTracing. */
  readonly tracing?: {
    readonly middleware: MiddlewareHandler<ServerEnv>
    /** A span per run the executor runs. */
    readonly observeRun?: RunObserver
  }
}
