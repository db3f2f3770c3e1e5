/**
 * Why a stage or run ended other than in success: a stable error code, the message a user reads,
 * and whether trying again may help (a crash or a timeout may pass; a contract failure will not).
 */
export interface Outcome {
  readonly code: string
  readonly message: string
  readonly retryable: boolean
}
