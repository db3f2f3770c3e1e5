/** How a CSV source is read: `@source("csv://x.csv", delimiter=";", null="NA,null")`. */
export interface CsvOptions {
  /** One character between fields; `\t` by default for `.tsv` files, `,` otherwise. */
  readonly delimiter?: string
  /** Field texts (after unquoting) that mean "no value": read as an empty field. */
  readonly nulls?: readonly string[]
}

/** The delimiter of a CSV file: the given one, a tab for `.tsv`, else a comma. */
export function delimiterOf(file: string, options: CsvOptions = {}): string {
  return options.delimiter ?? (file.toLowerCase().endsWith('.tsv') ? '\t' : ',')
}
