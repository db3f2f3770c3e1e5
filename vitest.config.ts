import { tmpdir } from 'node:os'
import path from 'node:path'
import { defineConfig } from 'vitest/config'

// Tests run against TypeScript sources: the `source` export condition points each workspace
// package at its src/index.ts, so no build is needed before `vitest`.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'bench/**/*.test.ts',
      'tools/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // `runi` started by tests closes its Barn when it ends (keep-barn.test.ts turns keeping on),
    // and no test reads the profiles of the user running it (runi login's active server).
    env: { RUNINK_KEEP_BARN: '0', XDG_CONFIG_HOME: path.join(tmpdir(), 'runink-tests-no-config') },
  },
})
