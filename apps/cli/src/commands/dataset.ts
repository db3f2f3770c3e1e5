import type { Command } from 'commander'
import type { CliContext } from '../cli-context.js'
import { withExamples } from './with-examples.js'
import { registerDatasetList } from './dataset-list.js'
import { registerDatasetPull } from './dataset-pull.js'
import { registerDatasetPush } from './dataset-push.js'
import { registerDatasetShow } from './dataset-show.js'
import { registerDatasetVerify } from './dataset-verify.js'
import { registerDatasetVersions } from './dataset-versions.js'

/** `runi dataset …`: versioned datasets in the Barn. */
export function registerDataset(program: Command, ctx: CliContext): void {
  const group = (program.command('dataset') as Command).description(
    'list, show, pull, push and verify versioned datasets',
  )
  withExamples(group, 'runi dataset versions silver.trades')
  registerDatasetList(group, ctx)
  registerDatasetShow(group, ctx)
  registerDatasetVersions(group, ctx)
  registerDatasetPull(group, ctx)
  registerDatasetPush(group, ctx)
  registerDatasetVerify(group, ctx)
}
