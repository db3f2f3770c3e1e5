import type { Clock } from '@runink/core'
import type { Barn } from '@runink/store'

/** What the control plane runs on: the Barn, and the clock and ids it reads (injected). */
export interface ServerDeps {
  readonly barn: Barn
  readonly clock?: Clock
  /** A new request id; default a random UUID. */
  readonly requestId?: () => string
  /** The largest request body accepted, in bytes; default 1 MiB. */
  readonly maxBodyBytes?: number
  /** Told one JSON object per request (method, path, status, ms, request id, actor). */
  readonly log?: (line: Readonly<Record<string, unknown>>) => void
}
