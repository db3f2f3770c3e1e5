import { didYouMean, type SourceFs } from '@runink/core'
import type { Reporter } from '../diagnostics/reporter.js'
import { FILE_SCHEMES } from './parse-uri.js'
import type { StageDraft } from './stage-draft.js'

/**
 * Local file sources must exist unless a stage of the plan writes them
 * (`RUNINK_DSL_SOURCE_MISSING`). Call after the stage graph set `fromStage`.
 */
export async function checkSourcesExist(
  stages: readonly StageDraft[],
  file: string,
  fs: SourceFs,
  report: Reporter,
): Promise<void> {
  const base = fs.dirname(file)
  for (const stage of stages)
    for (const s of stage.sources) {
      if (!FILE_SCHEMES.has(s.uri.scheme) || s.fromStage !== undefined) continue
      const location = s.uri.location
      if (location === '' || (await fs.exists(fs.resolve(base, location)))) continue
      const folder = fs.dirname(fs.resolve(base, location))
      const present = (await fs.isDirectory(folder)) ? await fs.list(folder) : []
      const name = location.split('/').pop() ?? location
      const guess = didYouMean(name, present)
      report.error(
        'RUNINK_DSL_SOURCE_MISSING',
        s.span,
        `${s.uri.uri}: no such file ${fs.resolve(base, location)}`,
        guess !== undefined
          ? `did you mean ${guess}?`
          : present.length > 0
            ? `files in ${folder}: ${present.slice(0, 8).join(', ')}${present.length > 8 ? ', …' : ''}`
            : `paths are relative to the feature file's folder, ${base}`,
      )
    }
}
