import { describe, expect, it } from 'vitest'
import { authFromEnv } from './auth-from-env.js'

const env = (vars: Record<string, string>) =>
  Object.fromEntries(Object.entries(vars).map(([k, v]) => [`RUNINK_${k}`, v]))

describe('authFromEnv', () => {
  it('turns OIDC on with an issuer and a client id, redirecting to the public URL', () => {
    expect(
      authFromEnv(
        env({
          OIDC_ISSUER: 'https://id.example',
          OIDC_CLIENT_ID: 'runink',
          OIDC_CLIENT_SECRET: 's',
          PUBLIC_URL: 'https://runink.example/',
          JWT_TTL: '600',
        }),
      ),
    ).toEqual({
      options: {
        publicUrl: 'https://runink.example',
        jwtTtlSeconds: 600,
        oidc: {
          issuer: 'https://id.example',
          clientId: 'runink',
          clientSecret: 's',
          redirectUrl: 'https://runink.example/api/v1/auth/callback',
          allowHttp: false,
        },
      },
    })
    const local = authFromEnv(
      env({
        OIDC_ISSUER: 'http://127.0.0.1:9000',
        OIDC_CLIENT_ID: 'runink',
        OIDC_REDIRECT_URL: 'http://127.0.0.1:8080/api/v1/auth/callback',
      }),
    )
    expect(local).toMatchObject({ options: { oidc: { allowHttp: true } } })
    expect(authFromEnv({})).toEqual({ options: {} })
  })

  it('says what is missing or malformed', () => {
    const problem = (vars: Record<string, string>) =>
      (authFromEnv(env(vars)) as { problem?: string }).problem
    expect(problem({ OIDC_ISSUER: 'https://id.example' })).toMatch(/CLIENT_ID/)
    expect(problem({ OIDC_ISSUER: 'https://id.example', OIDC_CLIENT_ID: 'x' })).toMatch(
      /PUBLIC_URL/,
    )
    expect(problem({ OIDC_ISSUER: 'nope', OIDC_CLIENT_ID: 'x' })).toMatch(/not a URL/)
    expect(problem({ JWT_TTL: '7200' })).toMatch(/1 to 3600/)
  })
})
