import { z } from 'zod'

/** `GET /api/v1/auth/login`: the CLI's loopback redirect, PKCE challenge and state (all or none). */
export const authLoginQuerySchema = z.object({
  cli_redirect: z.string().max(200).optional(),
  cli_challenge: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'a PKCE S256 challenge: 43 base64url characters')
    .optional(),
  cli_state: z.string().min(8).max(128).optional(),
})

/** `GET /api/v1/auth/callback`: what the OpenID provider sends back. */
export const authCallbackQuerySchema = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  iss: z.string().max(2048).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
})

/**
 * `POST /api/v1/auth/token`: the CLI trades its one-time login code (with its PKCE verifier)
 * for a JWT and a refresh token, or a refresh token for a new JWT.
 */
export const authTokenRequestSchema = z.discriminatedUnion('grant_type', [
  z
    .object({
      grant_type: z.literal('authorization_code'),
      code: z.string().min(1).max(200),
      code_verifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/, 'a PKCE code verifier'),
    })
    .strict(),
  z
    .object({
      grant_type: z.literal('refresh_token'),
      refresh_token: z.string().min(1).max(200),
    })
    .strict(),
])
export type AuthTokenRequest = z.output<typeof authTokenRequestSchema>

/** The answer: a JWT to send as `Authorization: Bearer`, and how to get the next one. */
export const authTokenSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  /** When the JWT stops working (ISO 8601); renew with the refresh token before then. */
  expires_at: z.string(),
  /** A server session's secret: trade it for a new JWT until it expires or is revoked. */
  refresh_token: z.string(),
  refresh_expires_at: z.string(),
})
export type AuthToken = z.output<typeof authTokenSchema>

/** `POST /api/v1/auth/logout` with no cookie: the CLI's refresh token to revoke. */
export const authLogoutSchema = z.object({ refresh_token: z.string().min(1).max(200) }).strict()
