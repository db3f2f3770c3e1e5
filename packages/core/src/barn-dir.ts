/** The folder of a project that holds its embedded Barn (and, beside it, `<BARN_DIR>-staging`). */
export const BARN_DIR = '.runink'
