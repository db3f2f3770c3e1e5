import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

/** A real OpenID provider (the certified `oidc-provider`) on a loopback port, for tests. */
export interface TestProvider {
  readonly issuer: string
  readonly clientId: string
  readonly clientSecret: string
  close(): Promise<void>
}

/**
 * Starts `oidc-provider` with one confidential client (PKCE required) whose redirect URI is
 * `redirectUri(issuer)`, and its development login and consent pages: any login name signs in
 * as the subject of that name, with `<name>@example.com` as its email.
 */
export async function startTestProvider(redirectUri: string): Promise<TestProvider> {
  // The provider needs its issuer URL, which needs the port: listen first, then hand over.
  const target: { handle?: (req: IncomingMessage, res: ServerResponse) => void } = {}
  const server = createServer((req, res) => target.handle?.(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const clientId = 'runink-test'
  const clientSecret = 'a client secret only the server knows'
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, email: `${sub}@example.com`, name: sub }),
    }),
    cookies: { keys: ['test cookie key'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: true } },
  })
  target.handle = provider.callback()
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
