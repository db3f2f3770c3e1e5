import { StageError } from './stage-error.js'

/** A step module esbuild could not bundle, as a stage error with esbuild's first message and where. */
export function stepLoadError(file: string, error: unknown): StageError {
  const first = (
    error as {
      errors?: { text: string; location?: { file: string; line: number; column: number } }[]
    }
  ).errors?.[0]
  const where = first?.location
    ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: `
    : ''
  return new StageError(
    'RUNINK_STAGE_STEP_FAILED',
    `cannot load step module ${file}: ${where}${first?.text ?? String(error)}`,
    { file },
  )
}
