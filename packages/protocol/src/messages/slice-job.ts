import { FileFormat, ValidationMode } from '@runink/core'
import { z } from 'zod'
import { messageFields as f, messageSchema } from './message-fields.js'

const path = f.text(4096)
/** A contract model: checked in full by the contracts package where it is compiled. */
const contract = f.record(z.unknown(), 100_000)
const params = f.record(z.unknown(), 1000)

const source = f.object({
  uri: path,
  path,
  format: f.oneOf(FileFormat),
  mode: f.oneOf(ValidationMode),
  table: f.text(256).optional(),
  csv: f
    .object({ delimiter: f.text(16).optional(), nulls: f.list(f.text(256), 100).optional() })
    .optional(),
  contract: contract.optional(),
})

const step = z.discriminatedUnion(
  'kind',
  [
    f.object({ kind: z.literal('builtin'), name: f.text(256), params }),
    f.object({ kind: z.literal('module'), name: f.text(256), module: path, params }),
    f.object({
      kind: z.literal('exec'),
      name: f.text(256),
      command: f.text(65536),
      params,
      cwd: path,
    }),
  ],
  { error: 'expected a step of kind builtin, module or exec' },
)

const sink = f.object({
  uri: path,
  stagingPath: path,
  format: f.oneOf(FileFormat),
  when: f.text(65536).optional(),
  role: f.text(256).optional(),
})

/**
 * Everything a slice needs (host → slice, on the slice's stdin): self-contained, it crosses
 * into the sandbox. The slice host refuses a job that breaks this schema before running it.
 */
export const sliceJobSchema = messageSchema('slice-job', 1, {
  runId: f.text(256),
  stageId: f.text(256),
  sliceIndex: f.count,
  attempt: f.count,
  sources: f.list(source, 10_000),
  steps: f.list(step, 1000),
  contract,
  inputContract: contract.optional(),
  sinks: f.list(sink, 10_000),
  params: f.record(f.text(65536), 1000),
  maskKey: f.text(4096),
  partition: f
    .object({ by: f.text(4096).optional(), n: f.count.min(1), index: f.count })
    .optional(),
  reportInvalid: f.count.optional(),
})
export type SliceJobMessage = z.output<typeof sliceJobSchema>

/** The `{ version, type }` a slice job is sent with. */
export const SLICE_JOB = { type: 'slice-job', version: 1 } as const
