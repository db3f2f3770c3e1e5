import { boundedLines, type SliceHandle } from '@runink/sandbox'
import { parseSliceLog } from './parse-slice-output.js'
import type { SliceRead } from './slice-outcome.js'
import type { SliceWatch } from './slice-runner.js'
import type { SliceStreamLimits } from './slice-stream-limits.js'

/** A slice's streams being read: `done()` says what was read once the slice has ended. */
export interface SliceReading {
  done(): SliceRead
}

/**
 * Reads a running slice's stdout and stderr within `limits`, in O(chunk) per chunk. stdout
 * keeps at most `resultBytes`; more kills the slice (a result line is never that long). stderr
 * is split into lines of at most `lineBytes` (longer ones cut, with a marker); progress lines
 * are checked against their schema (a malformed one kills the slice); log lines go to
 * `watch.onLog` until they add up to `stderrBytes`, then one notice says the rest is dropped
 * (the slice goes on: a chatty step is not a failed one; progress lines are still read).
 */
export function readSlice(
  handle: SliceHandle,
  watch: SliceWatch,
  limits: SliceStreamLimits,
): SliceReading {
  const out: Buffer[] = []
  let outBytes = 0
  let overflow = false
  let badMessage: string | undefined
  let logged = 0
  let muted = false
  const stop = (): void => handle.kill('killed')
  handle.stdout.on('data', (chunk: Buffer) => {
    if (overflow) return
    outBytes += chunk.length
    if (outBytes > limits.resultBytes) {
      overflow = true
      out.length = 0
      stop()
      return
    }
    out.push(chunk)
  })
  const lines = boundedLines(limits.lineBytes, (line, cut) => {
    const parsed = parseSliceLog(line)
    if ('malformed' in parsed) {
      if (badMessage === undefined) {
        // A progress line is short: one longer than a line may be is a flood, cut.
        badMessage =
          cut > 0 ? `a progress line longer than ${limits.lineBytes} bytes` : parsed.malformed
        stop()
      }
      return
    }
    if ('progress' in parsed) {
      watch.onProgress?.(parsed.progress)
      return
    }
    if (muted) return
    const bytes = Buffer.byteLength(parsed.text)
    logged += bytes
    if (logged > limits.stderrBytes) {
      muted = true
      watch.onLog?.(
        `runink: the slice logged more than ${limits.stderrBytes} bytes on stderr; the rest of its log is dropped`,
        'stderr',
      )
      return
    }
    const marker = ` … [runink: line cut to ${limits.lineBytes} of ${bytes + cut} bytes]`
    watch.onLog?.(cut > 0 ? `${parsed.text}${marker}` : parsed.text, 'stderr')
  })
  handle.stderr.on('data', (chunk: Buffer) => lines.push(chunk))
  return {
    done() {
      lines.end()
      const stdout = Buffer.concat(out).toString('utf8')
      // What a step wrote on stdout before the result line is kept as log, not lost.
      const before = stdout.trimEnd().split('\n').slice(0, -1)
      for (const line of before) watch.onLog?.(line.slice(0, limits.lineBytes), 'stdout')
      return {
        stdout,
        ...(overflow ? { stdoutOverflow: { limitBytes: limits.resultBytes } } : {}),
        ...(badMessage === undefined ? {} : { badMessage }),
        stagingDir: handle.stagingDir,
      }
    },
  }
}
