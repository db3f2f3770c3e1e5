import { codesOf, type CodeTable } from './error-kind.js'

/** Every error code of the control plane (apps/server) with its kind, by the constant naming it. */
export const SERVER_CODE_KINDS = {
  /** Error codes of the HTTP API. */
  ServerCodes: {
    /** No `Authorization: Bearer …` on a route that needs one. */
    RUNINK_AUTH_MISSING: 'unauthenticated',
    /** A token that is unknown, malformed, revoked or expired. */
    RUNINK_AUTH_INVALID: 'unauthenticated',
    /** Authenticated, without the role this route needs in this herd (every denial is audited). */
    RUNINK_AUTH_FORBIDDEN: 'forbidden',
    /** A change asked with the session cookie but without the CSRF header. */
    RUNINK_AUTH_CSRF: 'forbidden',
    /** An OpenID Connect login on a server that has no provider configured. */
    RUNINK_AUTH_OIDC_OFF: 'not_found',
    /** A login that did not complete: unknown or expired state or code, or the provider refused. */
    RUNINK_AUTH_LOGIN_FAILED: 'unauthenticated',
    /** A request whose parameters, query or body do not match the route's schema. */
    RUNINK_HTTP_BAD_REQUEST: 'input',
    /** No route at this path for this method. */
    RUNINK_HTTP_NOT_FOUND: 'not_found',
    /** A request body over the server's limit. */
    RUNINK_HTTP_TOO_LARGE: 'too_large',
    /** A submitted pipeline that does not compile: its diagnostics are in the details. */
    RUNINK_PIPELINE_INVALID: 'input',
    /** A submitted pipeline whose feature file names another herd than the route's. */
    RUNINK_PIPELINE_HERD_MISMATCH: 'forbidden',
    /** This server runs nothing (started without a home to run in). */
    RUNINK_RUNS_UNAVAILABLE: 'failed',
    /** Cancelling a run that is not running on this server. */
    RUNINK_RUN_NOT_RUNNING: 'conflict',
    /** A dataset version whose contract document the Barn does not have (or that has none). */
    RUNINK_CONTRACT_NOT_RECORDED: 'not_found',
    /** Creating a herd whose name is taken. */
    RUNINK_HERD_EXISTS: 'conflict',
    /** Something failed inside the server; the log line with the request id says what. */
    RUNINK_HTTP_INTERNAL: 'internal',
  },
} as const satisfies Readonly<Record<string, CodeTable>>

/** Error codes of the HTTP API. */
export const ServerCodes = codesOf(SERVER_CODE_KINDS.ServerCodes)
