import { spawnSync } from 'node:child_process'
import { ULIMIT_BLOCK } from './seed-command.js'

/**
 * Whether `/bin/sh` sets rlimits the way a seed's line expects: `ulimit -n` in descriptors and
 * `ulimit -f` in 512-byte blocks, soft and hard together. Checked once against what the kernel
 * then reports in `/proc/self/limits`; false (use `prlimit`) on any other answer.
 */
export function shellSetsRlimits(): boolean {
  const result = spawnSync(
    '/bin/sh',
    ['-c', 'ulimit -n 64 && ulimit -f 2 && ulimit -c 0 && exec cat /proc/self/limits'],
    { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' }, timeout: 5000 },
  )
  if (result.status !== 0) return false
  const limit = (name: string): string | undefined =>
    new RegExp(`^${name}\\s+(\\S+)\\s+(\\S+)`, 'm').exec(result.stdout)?.slice(1, 3).join(' ')
  return (
    limit('Max open files') === '64 64' &&
    limit('Max file size') === `${2 * ULIMIT_BLOCK} ${2 * ULIMIT_BLOCK}` &&
    limit('Max core file size') === '0 0'
  )
}
