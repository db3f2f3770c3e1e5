import { z } from 'zod'

/** A node of the lineage graph: a dataset (a herd's, or a file, bucket or table) or a job. */
export const apiLineageNodeSchema = z.object({
  id: z.string(),
  kind: z.enum(['dataset', 'job']),
  namespace: z.string(),
  name: z.string(),
})

/**
 * The lineage graph reachable from a dataset or a run, edges pointing the way data flows (what
 * `runi lineage --format json` prints). Only the herd's own datasets and jobs, and the files,
 * buckets and tables they read and wrote, are in it.
 */
export const apiLineageGraphSchema = z.object({
  nodes: z.array(apiLineageNodeSchema),
  edges: z.array(z.object({ from: z.string(), to: z.string() })),
})
export type ApiLineageGraph = z.output<typeof apiLineageGraphSchema>

/** `GET /api/v1/herds/{herd}/lineage`: from a dataset or a run (one of them), which way. */
export const lineageQuerySchema = z.object({
  dataset: z.string().min(1).max(200).optional(),
  run: z.string().min(1).max(64).optional(),
  direction: z.enum(['upstream', 'downstream', 'both']).default('both'),
})
