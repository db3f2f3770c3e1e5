/**
 * The commands a running `runi run` answers for other terminals: they only read the Barn. Each
 * is the command's words as typed (`dataset list`); nothing that writes is ever among them.
 */
export const FORWARDABLE_COMMANDS: readonly (readonly string[])[] = [
  ['runs'],
  ['status'],
  ['logs'],
  ['lineage'],
  ['dataset', 'list'],
  ['dataset', 'show'],
  ['dataset', 'versions'],
  ['audit', 'log'],
  ['audit', 'verify'],
  ['herd', 'list'],
  ['contract', 'list'],
  ['contract', 'show'],
]

/** Whether `runi <argv>` is a command a run answers for others (help and version are not). */
export function isForwardable(argv: readonly string[]): boolean {
  if (argv.some((a) => a === '--help' || a === '-h')) return false
  return FORWARDABLE_COMMANDS.some((words) => words.every((w, i) => argv[i] === w))
}
