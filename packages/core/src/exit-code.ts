/**
 * CLI exit codes: 0 ok, 1 the thing checked failed, 2 usage or input error. The exit code of an
 * error code is `surfaceOf(code).exit` in `@runink/protocol`.
 */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]
