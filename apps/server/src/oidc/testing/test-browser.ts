/**
 * A browser for tests, without a browser: follows redirects with fetch, keeps cookies per host,
 * and fills in oidc-provider's development login and consent forms (login name = `user`).
 * `visit` returns the first URL it is sent to that `stopAt` accepts, without fetching it.
 */
export class TestBrowser {
  private readonly jar = new Map<string, Map<string, string>>()

  constructor(private readonly user: string) {}

  private cookiesFor(url: URL): string {
    return [...(this.jar.get(url.host) ?? new Map<string, string>())]
      .map(([k, v]) => `${k}=${v}`)
      .join('; ')
  }

  private keep(url: URL, response: Response): void {
    const jar = this.jar.get(url.host) ?? new Map<string, string>()
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name)
      else jar.set(name, value)
    }
    this.jar.set(url.host, jar)
  }

  /** The cookie named so that the browser holds for a host. */
  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name)
  }

  private async go(url: URL, init: RequestInit = {}): Promise<Response> {
    const cookie = this.cookiesFor(url)
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) },
    })
    this.keep(url, response)
    return response
  }

  /** Follows start's redirects and forms until a URL stopAt accepts; that URL. */
  async visit(start: string, stopAt: (url: URL) => boolean): Promise<URL> {
    let url = new URL(start)
    let init: RequestInit = {}
    for (let hop = 0; hop < 20; hop++) {
      if (stopAt(url)) return url
      const response = await this.go(url, init)
      init = {}
      const location = response.headers.get('location')
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url)
        continue
      }
      const html = await response.text()
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1]
      if (!response.ok || action === undefined || prompt === undefined)
        throw new Error(
          `the browser is stuck at ${url.href}: ${response.status} ${html.slice(0, 300)}`,
        )
      const form = new URLSearchParams({ prompt })
      if (prompt === 'login') {
        form.set('login', this.user)
        form.set('password', 'any password')
      }
      url = new URL(action.replace(/&amp;/g, '&'), url)
      init = {
        method: 'POST',
        body: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }
    }
    throw new Error(`the browser gave up after 20 hops at ${url.href}`)
  }
}
