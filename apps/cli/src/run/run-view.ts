import type { RunEvent, StageSummary } from '@runink/engine'
import type { CliIo } from '../cli-io.js'
import { colorsFor, type Colors } from '../output.js'

interface Line {
  status: string
  recordsIn: number
  recordsOut: number
  invalid: number
  started: number
  detail: string
}

/**
 * Shows a run as it happens. On a terminal: one live line per stage (records in/out/invalid,
 * rate, elapsed), redrawn in place. Otherwise: one plain line per event, for logs and CI.
 */
export class RunView {
  private readonly lines = new Map<string, Line>()
  private readonly c: Colors
  private readonly live: boolean
  private drawn = 0
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly io: CliIo,
    private readonly quiet: boolean,
  ) {
    this.c = colorsFor(io, 'stderr')
    this.live = Boolean(io.stderr.isTTY) && !quiet
  }

  /** Handles one run event. */
  on(event: RunEvent): void {
    if (this.quiet) return
    switch (event.type) {
      case 'run-started':
        for (const id of event.stages)
          this.lines.set(id, {
            status: 'waiting',
            recordsIn: 0,
            recordsOut: 0,
            invalid: 0,
            started: 0,
            detail: '',
          })
        this.say(`run ${event.runId}: ${event.stages.length} stage(s)`)
        if (this.live) this.timer = setInterval(() => this.draw(), 250)
        break
      case 'stage-started': {
        const l = this.line(event.stage)
        l.status = 'running'
        l.started = Date.now()
        l.detail =
          event.attempt > 1
            ? `attempt ${event.attempt}`
            : event.slices > 1
              ? `${event.slices} slices`
              : ''
        this.say(`${event.stage}: started${l.detail ? ` (${l.detail})` : ''}`)
        if (event.egress && event.attempt === 1)
          this.say(
            `${event.stage}: ${this.c.yellow('network')}: egress granted to ${event.egress.join(', ')}`,
            true,
          )
        break
      }
      case 'stage-progress':
        Object.assign(this.line(event.stage), {
          recordsIn: event.recordsIn,
          recordsOut: event.recordsOut,
          invalid: event.invalid,
        })
        break
      case 'stage-retrying':
        this.line(event.stage).detail = `retrying in ${event.delayMs}ms: ${event.error}`
        this.say(
          `${event.stage}: ${this.c.yellow('retrying')} (attempt ${event.attempt} in ${event.delayMs}ms): ${event.error}`,
        )
        break
      case 'stage-finished':
        this.finish(event.summary)
        break
      case 'warning':
        this.say(`${this.c.yellow('warning')}: ${event.message}`, true)
        break
    }
  }

  /** Stops redrawing. */
  close(): void {
    if (this.timer) clearInterval(this.timer)
    this.draw()
  }

  private line(id: string): Line {
    let l = this.lines.get(id)
    if (!l) {
      l = {
        status: 'waiting',
        recordsIn: 0,
        recordsOut: 0,
        invalid: 0,
        started: Date.now(),
        detail: '',
      }
      this.lines.set(id, l)
    }
    return l
  }

  private finish(s: StageSummary): void {
    const l = this.line(s.id)
    l.status = s.status
    if (s.stats)
      Object.assign(l, {
        recordsIn: s.stats.records.in,
        recordsOut: s.stats.records.out,
        invalid: s.stats.invalid.count,
      })
    l.detail = s.error ?? ''
    const counts = s.stats
      ? ` — ${s.stats.records.in} in, ${s.stats.valid.count} valid, ${s.stats.invalid.count} invalid, ${s.stats.filtered} filtered, ${s.stats.records.out} out`
      : ''
    this.say(`${s.id}: ${this.statusText(s.status)}${counts}${s.error ? `: ${s.error}` : ''}`)
  }

  private statusText(status: string): string {
    const c = this.c
    if (status === 'succeeded') return c.green('succeeded')
    if (status === 'cached') return c.cyan('cached')
    if (status === 'failed') return c.red('failed')
    return c.yellow(status)
  }

  /** A plain line when not live; live mode shows it through the redraw (or now, if forced). */
  private say(text: string, always = false): void {
    if (!this.live) this.io.stderr.write(`${text}\n`)
    else if (always) {
      this.clear()
      this.io.stderr.write(`${text}\n`)
      this.draw()
    }
  }

  private clear(): void {
    if (this.drawn > 0) this.io.stderr.write(`\x1b[${this.drawn}A\x1b[0J`)
    this.drawn = 0
  }

  private draw(): void {
    if (!this.live) return
    this.clear()
    const rows: string[] = []
    for (const [id, l] of this.lines) {
      const secs = l.started ? (Date.now() - l.started) / 1000 : 0
      const rate = secs > 0 && l.status === 'running' ? ` ${Math.round(l.recordsIn / secs)}/s` : ''
      const elapsed = l.started ? ` ${secs.toFixed(1)}s` : ''
      rows.push(
        `  ${this.statusText(l.status).padEnd(20)} ${id.padEnd(28)} in ${l.recordsIn}  out ${l.recordsOut}  invalid ${l.invalid}${rate}${elapsed}${l.detail ? this.c.dim(`  ${l.detail.slice(0, 60)}`) : ''}`,
      )
    }
    this.io.stderr.write(`${rows.join('\n')}\n`)
    this.drawn = rows.length
  }
}
