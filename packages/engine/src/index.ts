export * from './connectors/index.js'
