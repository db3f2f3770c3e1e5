import { sql } from 'kysely'
import type { BarnContext } from '../../barn-context.js'
import { toNumber } from '../../db/schema.js'
import { isTerminal } from './status.js'

/** Which stream a log line came from. */
export const LogStream = { stdout: 'stdout', stderr: 'stderr', system: 'system' } as const
export type LogStream = (typeof LogStream)[keyof typeof LogStream]

/** One stored log line; `offset` is its 0-based position in the slice's log. */
export interface LogLine {
  readonly offset: number
  readonly at: Date
  readonly stream: LogStream
  readonly line: string
}

/** Options for {@link LogsRepo.follow}. */
export interface FollowOptions {
  readonly from?: number
  readonly pollMs?: number
  readonly signal?: AbortSignal
}

/** Per-slice logs: append, read from an offset, and follow until the slice ends. */
export class LogsRepo {
  constructor(private readonly ctx: BarnContext) {}

  /** Appends lines to a slice's log; returns the offset after the last one. */
  async append(
    sliceId: string,
    lines: ReadonlyArray<string | { stream?: LogStream; line: string }>,
  ): Promise<number> {
    if (lines.length === 0) return this.size(sliceId)
    return this.ctx.db.transaction().execute(async (trx) => {
      // Offsets are dense per slice: appenders to one slice take turns.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${'slice-log:' + sliceId}))`.execute(trx)
      const last = await trx
        .selectFrom('slice_logs')
        .select((eb) => eb.fn.max('seq').as('max'))
        .where('slice_id', '=', sliceId)
        .executeTakeFirst()
      let seq = last?.max === null || last?.max === undefined ? 0 : toNumber(last.max) + 1
      const at = this.ctx.clock.now()
      const rows = lines.map((l) => {
        const item = typeof l === 'string' ? { line: l } : l
        return {
          slice_id: sliceId,
          seq: seq++,
          at,
          stream: item.stream ?? LogStream.stdout,
          line: item.line,
        }
      })
      await trx.insertInto('slice_logs').values(rows).execute()
      return seq
    })
  }

  /** Lines from offset `from` on (at most `limit`), and the offset to read next. */
  async read(sliceId: string, from = 0, limit = 1000): Promise<{ lines: LogLine[]; next: number }> {
    const rows = await this.ctx.db
      .selectFrom('slice_logs')
      .selectAll()
      .where('slice_id', '=', sliceId)
      .where('seq', '>=', from)
      .orderBy('seq')
      .limit(limit)
      .execute()
    const lines = rows.map((r) => ({
      offset: toNumber(r.seq),
      at: r.at,
      stream: r.stream as LogStream,
      line: r.line,
    }))
    return { lines, next: lines.length ? (lines.at(-1)?.offset ?? from) + 1 : from }
  }

  /** How many lines a slice has logged. */
  async size(sliceId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('slice_logs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('slice_id', '=', sliceId)
      .executeTakeFirst()
    return toNumber(row?.n as number | string | undefined)
  }

  /**
   * Yields lines as they are appended, polling, until the slice reaches a terminal status and
   * everything it logged has been yielded, or the signal aborts.
   */
  async *follow(sliceId: string, options: FollowOptions = {}): AsyncIterable<LogLine> {
    let from = options.from ?? 0
    const pollMs = options.pollMs ?? 200
    for (;;) {
      if (options.signal?.aborted) return
      // Read the status before the lines: a slice that ended has logged everything by then.
      const slice = await this.ctx.db
        .selectFrom('slices')
        .select('status')
        .where('id', '=', sliceId)
        .executeTakeFirst()
      const done = slice === undefined || isTerminal(slice.status)
      for (;;) {
        const { lines, next } = await this.read(sliceId, from)
        for (const line of lines) yield line
        from = next
        if (lines.length < 1000) break
      }
      if (done) return
      await new Promise((resolve) => setTimeout(resolve, pollMs))
    }
  }
}
