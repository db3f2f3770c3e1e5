/** SQL string literal. */
export const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`

/** SQL identifier, always quoted so any table name is taken literally. */
export const sqlIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`
