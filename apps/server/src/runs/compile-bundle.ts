import path from 'node:path'
import { RuninkError } from '@runink/core'
import { compileFeature, formatDiagnostic, type CompileResult } from '@runink/dsl'
import { nodeSourceFs } from '@runink/node'
import { ServerCodes } from '@runink/protocol'

/** A bundle's feature compiled: its plan, plan hash and contracts. */
export type CompiledBundle = Omit<CompileResult, 'plan' | 'planHash'> & {
  readonly plan: NonNullable<CompileResult['plan']>
  readonly planHash: string
}

/**
 * Compiles the feature `feature` of the bundle unpacked in `dir`, confined to it (no folder
 * outside is allowed), for herd `herd`: diagnostics are RUNINK_PIPELINE_INVALID with paths as in
 * the bundle (the server's folders are none of the caller's business), a feature of another
 * herd is RUNINK_PIPELINE_HERD_MISMATCH.
 */
export async function compileBundle(
  dir: string,
  feature: string,
  herd: string,
): Promise<CompiledBundle> {
  const file = path.join(dir, ...feature.split('/'))
  const compiled = await compileFeature(file, nodeSourceFs, { allowedFolders: async () => [] })
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error')
  if (errors.length > 0 || compiled.plan === undefined)
    throw new RuninkError(
      ServerCodes.RUNINK_PIPELINE_INVALID,
      `${feature}: ${errors.length} error(s); nothing was run`,
      {
        details: {
          diagnostics: errors.map((d) => {
            const inBundle = { ...d, file: path.relative(dir, d.file) }
            return {
              code: d.code,
              file: inBundle.file,
              line: d.line,
              column: d.column,
              message: d.message,
              text: formatDiagnostic(inBundle, compiled.sources.get(d.file) ?? '', {
                color: false,
              }),
            }
          }),
        },
      },
    )
  const plan = compiled.plan
  if (plan.feature.herd !== herd)
    throw new RuninkError(
      ServerCodes.RUNINK_PIPELINE_HERD_MISMATCH,
      `${feature} runs in herd ${plan.feature.herd}, not ${herd}: send it to /api/v1/herds/${plan.feature.herd}/… with a token of that herd`,
      { details: { feature: plan.feature.herd, route: herd } },
    )
  return { ...compiled, plan, planHash: compiled.planHash ?? '' }
}
