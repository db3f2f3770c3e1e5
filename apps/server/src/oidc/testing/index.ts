export { startTestProvider } from './test-provider.js'
export type { TestProvider } from './test-provider.js'
export { TestBrowser } from './test-browser.js'
