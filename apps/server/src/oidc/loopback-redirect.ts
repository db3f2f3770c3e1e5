/**
 * Whether a CLI's redirect URL is on this machine's loopback (RFC 8252 §7.3): `http://127.0.0.1`
 * or `http://[::1]` with a port, and no credentials, query or fragment. The server sends the
 * one-time login code nowhere else, so a login link cannot hand a code to another site (and the
 * code is useless without the CLI's PKCE verifier anyway).
 */
export function isLoopbackRedirect(text: string): boolean {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return false
  }
  return (
    url.protocol === 'http:' &&
    (url.hostname === '127.0.0.1' || url.hostname === '[::1]') &&
    url.port !== '' &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === ''
  )
}
