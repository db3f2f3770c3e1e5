// The floor for the control plane's reads: a bare Hono route on the same Node HTTP server
// (@hono/node-server), answering a fixed small JSON body. Prints its URL, runs until SIGTERM.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono()
const body = { items: [], next_cursor: null }
app.get('/api/v1/herds/:herd/runs', (c) => c.json(body))
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
  process.stderr.write(`listening on http://127.0.0.1:${info.port} \n`),
)
process.on('SIGTERM', () => server.close(() => process.exit(0)))
