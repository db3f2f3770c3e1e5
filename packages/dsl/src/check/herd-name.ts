/** Herd (tenant) names: lowercase, digits and dashes, starting with a letter, at most 63. */
export const HERD_NAME = /^[a-z][a-z0-9-]{0,62}$/

/** True when `name` is a valid herd name. */
export const isHerdName = (name: string): boolean => HERD_NAME.test(name)
