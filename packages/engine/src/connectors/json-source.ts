import { readFile } from 'node:fs/promises'
import type { RecordBatches, DataRecord } from './record-batch.js'
import { SourceError, fileError } from './source-error.js'

const BATCH = 1024

/** Reads a JSON file holding an array of record objects (whole-file: JSON has no streaming form). */
export async function* readJson(file: string): RecordBatches {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    fileError(error, file)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new SourceError(
      'RUNINK_SOURCE_MALFORMED',
      `${file}: not valid JSON (${(error as Error).message})`,
      { file },
    )
  }
  if (!Array.isArray(value)) {
    throw new SourceError('RUNINK_SOURCE_MALFORMED', `${file}: expected a JSON array of records`, {
      file,
    })
  }
  for (let i = 0; i < value.length; i += BATCH) {
    const batch = value.slice(i, i + BATCH) as unknown[]
    batch.forEach((r, j) => {
      if (r === null || typeof r !== 'object' || Array.isArray(r)) {
        throw new SourceError(
          'RUNINK_SOURCE_MALFORMED',
          `${file}: element ${i + j} is not a record object`,
          {
            file,
            index: i + j,
          },
        )
      }
    })
    yield batch as DataRecord[]
  }
}
