/**
 * The engine's version (packages/engine/package.json; a test keeps the two equal). Part of
 * every stage's cache key: a new engine may write different outputs from the same inputs.
 */
export const ENGINE_VERSION = '0.1.0'

/**
 * The version of what a cache key is made of. Bump it whenever {@link stageCacheKey} changes
 * what it puts in a key or how: entries made by the old code are then never hit.
 */
export const CACHE_FORMAT = 2
