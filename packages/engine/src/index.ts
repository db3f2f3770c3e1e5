export * from './connectors/index.js'
export * from './stage/index.js'
export * from './sql/index.js'
export * from './run/index.js'
