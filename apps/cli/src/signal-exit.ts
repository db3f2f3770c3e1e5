/** The exit code of a command stopped by a signal: 128 + its number, as shells report it. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES

type Canceller = (signal: StopSignal) => void

const cancellers = new Set<Canceller>()
let first: StopSignal | undefined

/**
 * Lets the running command stop cleanly on SIGINT or SIGTERM (what Ctrl-C, `timeout`, systemd
 * and CI send): `cancel` is called on the first one, and the command returns when it has wound
 * down. Returns the function that takes it off again.
 */
export function onStopSignal(cancel: Canceller): () => void {
  cancellers.add(cancel)
  return () => cancellers.delete(cancel)
}

/** Whether a running command has asked to be cancelled rather than killed ({@link onStopSignal}). */
export function commandIsCancellable(): boolean {
  return cancellers.size > 0
}

/** The first stop signal this process received, if any. */
export function stopSignalReceived(): StopSignal | undefined {
  return first
}

/**
 * Handles SIGINT and SIGTERM for the whole process: the first is handed to the command that is
 * cancellable ({@link onStopSignal}); with none, or on a second signal, the process exits at
 * once with 130 (SIGINT) or 143 (SIGTERM). Installed once by the `runi` binary.
 */
export function installStopSignals(exit: (code: number) => never = process.exit): void {
  const on = (signal: StopSignal): void => {
    if (first === undefined && cancellers.size > 0) {
      first = signal
      for (const cancel of cancellers) cancel(signal)
      return
    }
    exit(SIGNAL_EXIT_CODES[first ?? signal])
  }
  process.on('SIGINT', () => on('SIGINT'))
  process.on('SIGTERM', () => on('SIGTERM'))
}
