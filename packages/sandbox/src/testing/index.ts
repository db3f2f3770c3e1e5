export { runToEnd, testedBackends } from './sandbox-backends.js'
export {
  cgroupsEnforce,
  expectedIsolation,
  testsRunAsRoot,
  unprivileged,
  unprivilegedUid,
} from './unprivileged.js'
