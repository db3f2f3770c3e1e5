export * from './compile-pattern.js'
