/** The cookie holding a console session's secret. */
export const SESSION_COOKIE = 'runink_session'

/**
 * The header a cookie-authenticated request must carry to change anything (any method but GET,
 * HEAD and OPTIONS): a page on another site can make a browser send the cookie, but cannot set
 * a custom header without a CORS preflight this server never grants.
 */
export const CSRF_HEADER = 'x-runink-csrf'

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Whether a request with this method changes nothing (needs no CSRF header). */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase())
}
