import type { RunnableStage } from './runnable-stage.js'

/** `params.name`, `params["name"]` or `params['name']`; any other use of `params` reads them all. */
const PARAM_USE =
  /\bparams\b(?:\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)|\s*\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\])?/g

/** Every string of a step argument (a CEL expression, a query, a list of fields…). */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(stringsOf)
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsOf)
  return []
}

/**
 * The `--param` names a stage's output can depend on: those its expressions name (`derive`,
 * `filter` and other step arguments, sink `when`s, asserts), or `all` when that cannot be known
 * (a TypeScript or exec step sees every parameter; an expression uses `params` other than by a
 * literal name). When in doubt, all: a parameter left out of the cache key would serve outputs
 * made with another value.
 */
export function paramsRead(stage: RunnableStage): 'all' | string[] {
  if (stage.steps.some((s) => s.kind !== 'builtin')) return 'all'
  const texts = [
    ...stage.steps.flatMap((s) => stringsOf(s.params)),
    ...stage.sinks.flatMap((s) => (s.when === undefined ? [] : [s.when])),
    ...stage.asserts,
  ]
  const names = new Set<string>()
  for (const text of texts) {
    for (const m of text.matchAll(PARAM_USE)) {
      const name = m[1] ?? m[2] ?? m[3]
      if (name === undefined) return 'all'
      names.add(name)
    }
  }
  return [...names].sort()
}
