import type { Principal } from '../auth/principal.js'

/** What a request carries through the server's middleware and handlers. */
export interface ServerEnv {
  Variables: {
    /** This request's id: in the `x-request-id` header, error bodies, audit entries and logs. */
    requestId: string
    /** Who it acts as, once a route's access rule authenticated it. */
    principal: Principal | undefined
  }
}
