import { spawnSync } from 'node:child_process'
import { procHardening, SANDBOX_ID, type SandboxLayout } from './sandbox-mounts.js'

const disablesUserns = new Map<string, boolean>()

/** Whether this bwrap has `--disable-userns` (0.8 and later; the seccomp filter covers older). */
function canDisableUserns(bwrap: string): boolean {
  let known = disablesUserns.get(bwrap)
  if (known === undefined) {
    const help = spawnSync(bwrap, ['--help'], { encoding: 'utf8', timeout: 10_000 })
    known = `${help.stdout ?? ''}`.includes('--disable-userns')
    disablesUserns.set(bwrap, known)
  }
  return known
}

/**
 * bubblewrap arguments for a slice: new user, PID, mount, IPC, UTS and (unless granted) network
 * namespaces, no nested user namespaces; uid nobody; the system read-only; `/proc/sys` and its
 * kin read-only, sensitive /proc files covered; private /tmp; binds nosuid and nodev (bwrap
 * always mounts them so); no_new_privs (bwrap always sets it); the seccomp program read from
 * `layout.seccompFd` when set; killed with its parent.
 */
export function bwrapArgv(
  bwrap: string,
  layout: SandboxLayout,
  command: readonly string[],
): string[] {
  const argv = [
    bwrap,
    '--unshare-user',
    ...(canDisableUserns(bwrap) ? ['--disable-userns'] : []),
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    ...(layout.network ? [] : ['--unshare-net']),
    '--uid',
    String(SANDBOX_ID),
    '--gid',
    String(SANDBOX_ID),
    '--hostname',
    'runink-slice',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
  ]
  for (const dir of layout.view.dirs) argv.push('--ro-bind', dir, dir)
  for (const [path, target] of layout.view.links) argv.push('--symlink', target, path)
  if (layout.etc === undefined)
    for (const entry of layout.view.etc) argv.push('--ro-bind', entry, entry)
  else {
    argv.push('--ro-bind', layout.etc.path, '/etc')
    for (const dir of layout.etc.dirs) argv.push('--ro-bind', dir, dir)
  }
  argv.push('--proc', '/proc')
  const proc = procHardening()
  for (const path of proc.readOnly) argv.push('--ro-bind', path, path)
  for (const path of proc.maskedFiles) argv.push('--ro-bind', '/dev/null', path)
  for (const path of proc.maskedDirs) argv.push('--tmpfs', path, '--remount-ro', path)
  argv.push('--dev', '/dev', '--tmpfs', '/tmp')
  for (const bind of layout.binds) {
    if (bind.hidden) argv.push('--tmpfs', bind.path)
    else argv.push(bind.writable ? '--bind' : '--ro-bind', bind.path, bind.path)
  }
  if (layout.seccompFd !== undefined) argv.push('--seccomp', String(layout.seccompFd))
  argv.push('--remount-ro', '/', '--chdir', layout.cwd, '--', ...command)
  return argv
}
