/** The first line of an error's message (cel-js errors carry a source excerpt after it). */
export function celErrorLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
}
