import type { Command } from 'commander'

/** Adds an "Example" section to a command's --help. */
export function withExamples(command: Command, ...examples: string[]): Command {
  return command.addHelpText('after', `\nExample:\n${examples.map((e) => `  $ ${e}`).join('\n')}`)
}
