import { DEFAULT_HERD, parseDatasetRef } from '@runink/store'
import { CliError } from '../cli-error.js'

/** `--herd` of the commands that find a dataset: optional, the herd holding it by default. */
export const DATASET_HERD_OPTION = [
  '--herd <name>',
  'herd (default: the herd that holds the dataset)',
] as const

/**
 * The herd a command looks for a dataset in: `--herd` when given, else the one herd holding a
 * dataset of that name (a bare `raw.payments` or `dataset://raw.payments[@n]`). A name held by
 * several herds needs `--herd`; one held by none is looked for in `default`, whose not-found
 * error lists what the Barn holds.
 */
export async function herdOfDataset(
  datasets: { herdsOf(name: string): Promise<string[]> },
  ref: string,
  given: string | undefined,
): Promise<string> {
  if (given !== undefined) return given
  const { name } = parseDatasetRef(ref)
  const herds = await datasets.herdsOf(name)
  if (herds.length > 1)
    throw new CliError(
      'RUNINK_CLI_USAGE',
      `dataset://${name} is in herds ${herds.join(', ')}: pass --herd with one of them`,
      { name, herds },
    )
  return herds[0] ?? DEFAULT_HERD
}
