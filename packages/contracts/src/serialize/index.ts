export { toContractDocument, contractToYaml } from './to-contract-document.js'
