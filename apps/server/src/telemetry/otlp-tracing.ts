import { httpInstrumentationMiddleware } from '@hono/otel'
import { context, propagation, trace, type Tracer } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { W3CTraceContextPropagator } from '@opentelemetry/core'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace'
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions'
import type { MiddlewareHandler } from 'hono'
import type { ServerEnv } from '../app/server-env.js'
import { actorOf } from '../auth/principal.js'
import type { RunObserver } from '../runs/run-observer.js'
import { otlpTracesUrl } from './otlp-traces-url.js'
import { runSpans } from './run-spans.js'

/** Traces going out over OTLP/HTTP: the request middleware, a tracer for runs, and shutdown. */
export interface Tracing {
  /** The OTLP endpoint spans are sent to. */
  readonly url: string
  /** One SERVER span per request, named `METHOD /route/{template}`, with Runink's ids on it. */
  readonly middleware: MiddlewareHandler<ServerEnv>
  /** For spans of the server's own work. */
  readonly tracer: Tracer
  /** A span per run a RunExecutor runs, with a child span per stage (see runSpans). */
  readonly observeRun: RunObserver
  /** Sends the spans not yet sent and stops. */
  shutdown(): Promise<void>
}

/**
 * Starts exporting traces when the environment configures an OTLP endpoint (the standard
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT, JSON over HTTP; headers
 * from OTEL_EXPORTER_OTLP_HEADERS, service name from OTEL_SERVICE_NAME, default
 * `runink-server`); undefined when none is set, or OTEL_SDK_DISABLED=true or
 * OTEL_TRACES_EXPORTER=none. Registers its provider, an async-local context and the W3C trace
 * context propagator as the process's global ones. Loaded on demand: a server that does not
 * trace never loads the SDK.
 */
export function startTracing(
  env: Readonly<Record<string, string | undefined>>,
): Tracing | undefined {
  const url = otlpTracesUrl(env)
  if (url === undefined) return undefined
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME || 'runink-server',
    }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) })],
  })
  // Global, so spans follow async work (one server per process) and a caller's W3C
  // `traceparent` continues its trace.
  trace.setGlobalTracerProvider(provider)
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  propagation.setGlobalPropagator(new W3CTraceContextPropagator())
  const tracer = provider.getTracer('runink-server')
  const http = httpInstrumentationMiddleware({ tracerProvider: provider })
  const middleware: MiddlewareHandler<ServerEnv> = (c, next) =>
    http(c, async () => {
      await next()
      // Inside the request's span: our ids, never a header's value (tokens travel in them).
      const principal = c.get('principal')
      const herd = c.req.param('herd')
      trace.getActiveSpan()?.setAttributes({
        'runink.request_id': c.get('requestId'),
        ...(principal ? { 'runink.actor': actorOf(principal) } : {}),
        ...(herd ? { 'runink.herd': herd } : {}),
      })
    })
  return {
    url,
    middleware,
    tracer,
    observeRun: (start) => runSpans(tracer, start),
    async shutdown() {
      await provider.shutdown()
      trace.disable()
      context.disable()
      propagation.disable()
    },
  }
}
