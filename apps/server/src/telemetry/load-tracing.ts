import { otlpTracesUrl } from './otlp-traces-url.js'
import type { Tracing } from './otlp-tracing.js'

/**
 * Starts OpenTelemetry tracing when the environment configures an OTLP endpoint (see
 * otlpTracesUrl), loading the SDK only then; undefined otherwise. Give the result to
 * createApp/startServer as `tracing` and to the RunExecutor as `tracer`; shut it down after the
 * server has closed.
 */
export async function loadTracing(
  env: Readonly<Record<string, string | undefined>>,
): Promise<Tracing | undefined> {
  if (otlpTracesUrl(env) === undefined) return undefined
  const { startTracing } = await import('./otlp-tracing.js')
  return startTracing(env)
}
