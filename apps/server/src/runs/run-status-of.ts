import { RuninkError } from '@runink/core'
import { apiRunStatusSchema, RUN_STATUS } from '@runink/protocol'
import { StoreErrors, type Barn } from '@runink/store'
import type { z } from 'zod'

/** A run's status as the API shows it (the run-status message and its pipeline version). */
export type ApiRunStatus = z.output<typeof apiRunStatusSchema>

/**
 * The status of run `runId` of herd `herd`: RUNINK_STORE_NOT_FOUND when there is none, or it is
 * another herd's (never a hint that it exists).
 */
export async function runStatusOf(barn: Barn, herd: string, runId: string): Promise<ApiRunStatus> {
  const notFound = (): RuninkError =>
    new RuninkError(StoreErrors.RUNINK_STORE_NOT_FOUND, `no run ${runId} in herd ${herd}`, {
      details: { what: 'run', id: runId, herd },
    })
  const detail = await barn.runDetail(runId).catch((error: unknown) => {
    throw error instanceof RuninkError && error.code === StoreErrors.RUNINK_STORE_NOT_FOUND
      ? notFound()
      : error
  })
  if (detail.run.herd !== herd) throw notFound()
  const ran = (await barn.pipelines.ofRuns([runId])).get(runId)
  const pipeline = ran ? { name: ran.name, version: ran.version } : null
  // Checked, and sent whole: what rides along (stats, cache keys, inputs, datasets written) is
  // what `runi status` prints, here or against the server.
  const message = JSON.parse(JSON.stringify({ ...RUN_STATUS, ...detail, pipeline })) as ApiRunStatus
  apiRunStatusSchema.parse(message)
  return message
}
