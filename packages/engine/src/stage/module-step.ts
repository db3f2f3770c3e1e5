import type { DataRecord } from '../connectors/index.js'
import type { BatchTransform } from './batch-transform.js'
import { isStepDefinition, type StepContext } from './define-step.js'
import { loadStepModule } from './load-step-module.js'
import { StageError } from './stage-error.js'
import { thrownWhere } from './thrown-where.js'
import { keepPosition } from './record-position.js'
import { StepTally } from './step-tally.js'

/**
 * The transform of a TypeScript step exported from a `@steps` module. A step that throws fails
 * the stage with the record it was at: `record 1234 of data/trades.csv: step X failed: …`
 * (`where` names records by input position; see `recordNamer`).
 */
export async function moduleStep(
  file: string,
  name: string,
  ctx: StepContext,
  where: (record: DataRecord) => string = () => 'a record',
  tally: StepTally = new StepTally(),
): Promise<BatchTransform> {
  const mod = await loadStepModule(file)
  const step = mod[name]
  if (!isStepDefinition(step)) {
    throw new StageError(
      'RUNINK_STAGE_UNKNOWN_STEP',
      `${file} does not export a step "${name}" made with defineStep`,
      { file, step: name },
    )
  }
  const fail = (error: unknown, at: string | undefined): never => {
    if (error instanceof StageError) throw error
    const thrown = error instanceof Error ? error.message : String(error)
    // The user's own file:line where it was thrown (step bundles carry source maps).
    const where = thrownWhere(error)
    const message = where === undefined ? thrown : `${thrown} (at ${where})`
    throw new StageError(
      'RUNINK_STAGE_STEP_FAILED',
      `${at === undefined ? '' : `${at}: `}step ${name} failed: ${message}`,
      { step: name, ...(at === undefined ? {} : { record: at }) },
    )
  }
  if (step.stream) {
    const stream = step.stream
    // A stream step is counted by what it read and returned.
    return tally.around(async function* streamed(input) {
      // The record the step last took: where it was when it threw.
      let current: DataRecord | undefined
      async function* records(): AsyncIterable<DataRecord> {
        for await (const batch of input)
          for (const r of batch) {
            current = r
            yield r
          }
      }
      let batch: DataRecord[] = []
      try {
        for await (const r of stream(records(), ctx)) {
          batch.push(r)
          if (batch.length >= 1024) {
            yield batch
            batch = []
          }
        }
      } catch (error) {
        fail(error, current === undefined ? undefined : `at ${where(current)}`)
      }
      if (batch.length > 0) yield batch
    })
  }
  // A map step is counted record by record: what each record gave.
  const count = tally.perRecord()
  const map = step.map!
  return async function* mapped(input) {
    for await (const batch of input) {
      const out: DataRecord[] = []
      for (const record of batch) {
        let r: DataRecord | DataRecord[] | null
        try {
          const value = map(record, ctx)
          r = value instanceof Promise ? await value : value
        } catch (error) {
          fail(error, where(record))
          r = null
        }
        if (r === null || r === undefined) {
          count.dropped()
          continue
        }
        if (Array.isArray(r)) {
          if (r.length === 0) count.dropped()
          else if (r.length > 1) count.fannedOut(r.length)
          for (const one of r) keepPosition(record, one)
          out.push(...r)
        } else {
          keepPosition(record, r)
          out.push(r)
        }
      }
      if (out.length > 0) yield out
    }
  }
}
