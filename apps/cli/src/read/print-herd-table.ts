import type { CliIo } from '../cli-io.js'
import { formatTable } from '../commands/format-table.js'
import { printJson, println } from '../output.js'
import type { BarnReader } from './barn-reader.js'

/** What {@link printHerdTable} prints: items of one herd or of every herd, as rows. */
export interface HerdTable<T extends { readonly herd: string }> {
  readonly items: readonly T[]
  /** The herd asked for (`--herd`), if any. */
  readonly herd: string | undefined
  readonly json: boolean
  /** What the items are, plural: `datasets`, `contracts`. */
  readonly noun: string
  readonly header: readonly string[]
  readonly row: (item: T) => string[]
}

/**
 * Prints a list read from one herd or from every herd: JSON; a table with a HERD column when the
 * items are in more than one herd; or, with none, that there are none (in that herd, or that
 * there is no such herd, naming the herds there are).
 */
export async function printHerdTable<T extends { readonly herd: string }>(
  io: CliIo,
  reader: Pick<BarnReader, 'herds'>,
  table: HerdTable<T>,
): Promise<void> {
  const { items, herd, noun } = table
  if (table.json) printJson(io, items)
  else if (items.length === 0) {
    if (herd === undefined) println(io, `no ${noun}`)
    else {
      const herds = await reader.herds()
      println(
        io,
        herds.includes(herd)
          ? `no ${noun} in herd ${herd}`
          : `no herd ${herd}; herds: ${herds.join(', ')}`,
      )
    }
  } else {
    const manyHerds = new Set(items.map((i) => i.herd)).size > 1
    const rows = items.map((i) => [...(manyHerds ? [i.herd] : []), ...table.row(i)])
    println(io, formatTable(manyHerds ? ['HERD', ...table.header] : table.header, rows))
  }
}
