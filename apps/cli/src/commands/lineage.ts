import type { Command } from 'commander'
import { ExitCode, isRuninkError, RuninkError } from '@runink/core'
import {
  herdNamespace,
  parseDatasetRef,
  type LineageDirection,
  type LineageGraph,
} from '@runink/store'
import { action, type CliContext } from '../cli-context.js'
import { CliError } from '../cli-error.js'
import { printJson, println } from '../output.js'
import { withExamples } from './with-examples.js'
import { renderDot, renderTree } from './lineage-render.js'
import { DATASET_HERD_OPTION, herdOfDataset } from './dataset-herd.js'
import { HOME_OPTION } from './open-barn-for.js'
import type { BarnReader, LineageStart } from '../read/barn-reader.js'
import { withReader, type ReaderOptions } from '../read/with-reader.js'
import { LOCAL_OPTION, SERVER_OPTION } from '../remote/server-target.js'

interface LineageOptions extends ReaderOptions {
  upstream?: boolean
  downstream?: boolean
  format: string
  herd?: string
}

/**
 * A dataset reference, or a run id; a bare name that is no run is taken as a dataset, in the
 * herd given or else the herd that holds it.
 */
async function resolveStart(
  reader: BarnReader,
  target: string,
  herd: string | undefined,
): Promise<LineageStart> {
  const asDataset = async (): Promise<LineageStart & { herd: string }> => {
    const found = await herdOfDataset(reader, target, herd)
    return {
      dataset: { namespace: herdNamespace(found), name: parseDatasetRef(target).name },
      herd: found,
    }
  }
  if (target.startsWith('dataset://')) return asDataset()
  try {
    const run = await reader.run(target)
    return { runId: run.id, herd: run.herd }
  } catch (error) {
    if (isRuninkError(error) && error.code === 'RUNINK_STORE_NOT_FOUND') return asDataset()
    throw error
  }
}

/** `runi lineage <dataset|run>`: where data came from and where it went. */
export function registerLineage(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('lineage')
    .description('show the lineage of a dataset or a run (from stored OpenLineage events)')
    .argument('<target>', 'dataset://name, or a run id')
    .option('--upstream', 'only what it came from')
    .option('--downstream', 'only what was made from it')
    .option('--format <format>', 'tree | dot | json', 'tree')
    .option(...DATASET_HERD_OPTION)
    .option(...HOME_OPTION)
    .option(...SERVER_OPTION)
    .option(...LOCAL_OPTION)
    .action(
      action(ctx, (target: string, opts: LineageOptions) => {
        if (!['tree', 'dot', 'json'].includes(opts.format)) {
          throw new CliError(
            'RUNINK_CLI_USAGE',
            `--format must be tree, dot or json, not "${opts.format}"`,
          )
        }
        const direction: LineageDirection =
          opts.upstream && !opts.downstream
            ? 'upstream'
            : opts.downstream && !opts.upstream
              ? 'downstream'
              : 'both'
        return withReader(ctx.io, opts, async (reader) => {
          const start = await resolveStart(reader, target, opts.herd)
          const graph = await reader.lineage(start, direction)
          if (graph.nodes.length === 0) {
            // A dataset that is not there: the error lists what is, with the closest name.
            if ('dataset' in start) await datasetOrSay(reader, target, start.herd)
            throw new CliError('RUNINK_CLI_USAGE', `no lineage recorded for ${target}`, { target })
          }
          if (opts.format === 'json') printJson(ctx.io, graph)
          else if (opts.format === 'dot') println(ctx.io, renderDot(graph))
          else {
            // From a dataset the trees grow from it; for a run, from its sources and its sinks.
            const from =
              'dataset' in start
                ? [`dataset:${start.dataset.namespace}/${start.dataset.name}`]
                : undefined
            const parts: string[] = []
            if (direction !== 'downstream')
              parts.push(`upstream:\n${renderTree(graph, from ?? ends(graph, 'from'), 'upstream')}`)
            if (direction !== 'upstream')
              parts.push(
                `downstream:\n${renderTree(graph, from ?? ends(graph, 'to'), 'downstream')}`,
              )
            println(ctx.io, parts.join('\n\n'))
          }
          return ExitCode.ok
        })
      }),
    )
  withExamples(
    cmd,
    'runi lineage dataset://silver.trades --upstream',
    'runi lineage <run-id> --format dot | dot -Tsvg > lineage.svg',
  )
}

/**
 * Resolves a dataset that has no lineage, so that one that does not exist is said with what the
 * Barn holds; a bare name was no run either, and the message says so.
 */
async function datasetOrSay(reader: BarnReader, target: string, herd: string): Promise<void> {
  try {
    await reader.resolve(target, herd)
  } catch (error) {
    if (
      target.startsWith('dataset://') ||
      !isRuninkError(error) ||
      error.code !== 'RUNINK_STORE_NOT_FOUND'
    )
      throw error
    throw new RuninkError(error.code, `no run ${target}, and ${error.message}`, {
      details: { target },
    })
  }
}

/** Nodes with no edge leaving (`from`: sinks) or arriving (`to`: sources). */
function ends(graph: LineageGraph, side: 'from' | 'to'): string[] {
  return graph.nodes.filter((n) => !graph.edges.some((e) => e[side] === n.id)).map((n) => n.id)
}
