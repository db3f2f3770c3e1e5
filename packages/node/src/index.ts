export { processAlive } from './process-alive.js'
export { processStartTicks } from './process-start-ticks.js'
