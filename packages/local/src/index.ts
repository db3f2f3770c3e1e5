export { barnRunLedger } from './barn-run-ledger.js'
export { barnDatasetCatalog } from './barn-dataset-catalog.js'
export { barnPorts } from './barn-ports.js'
export { readHerdGrants } from './read-herd-grants.js'
