export * from './compile-pattern.js'
export * from './parse-cel.js'
export * from './cel-nesting.js'
