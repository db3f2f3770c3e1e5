/** A file sink prepared for a stage's commit: its bytes go to `temp`, beside `target`. */
export interface PendingFile {
  readonly id: string
  readonly target: string
  readonly temp: string
}
