import { RuninkError } from '@runink/core'
import { ConnectorCodes } from '@runink/protocol'

// Defined in @runink/protocol's static code table; re-exported for this package's callers.
export { ConnectorCodes }

/** A source that cannot be read: missing, unreadable or malformed, with file and line. */
export class SourceError extends RuninkError {
  constructor(
    code: keyof typeof ConnectorCodes,
    message: string,
    details: Record<string, unknown>,
  ) {
    super(code, message, { details })
    this.name = 'SourceError'
  }
}

/** Turns a file-system error on `file` into a SourceError, or rethrows it. */
export function fileError(error: unknown, file: string): never {
  const code = (error as { code?: string }).code
  if (code === 'ENOENT')
    throw new SourceError('RUNINK_SOURCE_NOT_FOUND', `${file}: no such file`, { file })
  if (code === 'EISDIR')
    throw new SourceError('RUNINK_SOURCE_UNSUPPORTED', `${file}: is a directory`, { file })
  if (code === 'EACCES')
    throw new SourceError('RUNINK_SOURCE_NOT_FOUND', `${file}: permission denied`, { file })
  throw error
}
