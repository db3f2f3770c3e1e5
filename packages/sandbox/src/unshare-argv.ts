import { procHardening, SANDBOX_ID, type SandboxLayout } from './sandbox-mounts.js'
import { setprivAs, type SliceUser } from './slice-user.js'

// Runs as root of a fresh user namespace: builds the root on a tmpfs, pivots into it, then
// enters a nested user namespace as nobody with no_new_privs. Operations come as argument
// pairs (`ro PATH`, `rw PATH`, `link PATH TARGET`) so nothing is interpolated into the script.
// Every bind is nosuid and nodev. This namespace may hold one user namespace (the slice's), so
// the slice cannot make another: the same limit bwrap's --disable-userns sets.
const SETUP_SCRIPT = `set -e
R=$1; cwd=$2; net=$3; unshare=$4; setpriv=$5; shift 5
P=\${PATH-}; PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t tmpfs -o mode=0755 runink-root "$R"
bind() {
  # A path already visible through an earlier (read-only) bind is its own mount point.
  if [ -d "$2" ]; then mkdir -p "$R$2"; elif [ ! -e "$R$2" ]; then mkdir -p "$R\${2%/*}"; : > "$R$2"; fi
  mount --rbind "$2" "$R$2"
  if [ "$1" = ro ]; then mount -o remount,bind,ro,nosuid,nodev "$R$2"; else mount -o remount,bind,nosuid,nodev "$R$2"; fi
}
while [ "$1" != -- ]; do
  case $1 in
    ro|rw) bind "$1" "$2"; shift 2 ;;
    hide) mkdir -p "$R$2"; mount -t tmpfs -o mode=0755 runink-hidden "$R$2"; shift 2 ;;
    link) mkdir -p "$R\${2%/*}"; ln -s "$3" "$R$2"; shift 3 ;;
    proc) mkdir -p "$R/proc"; mount -t proc -o nosuid,nodev,noexec proc "$R/proc"
      echo 1 > "$R/proc/sys/user/max_user_namespaces"; shift ;;
    procro) mount --bind "$R$2" "$R$2"; mount -o remount,bind,ro,nosuid,nodev,noexec "$R$2"; shift 2 ;;
    mask) mount --bind /dev/null "$R$2"; shift 2 ;;
    maskdir) mount -t tmpfs -o ro,size=0 runink-masked "$R$2"; shift 2 ;;
    tmp) mkdir -p "$R/tmp"; mount -t tmpfs -o mode=1777,nosuid,nodev runink-tmp "$R/tmp"; shift ;;
    *) echo "runink sandbox: unknown setup step $1" >&2; exit 121 ;;
  esac
done
shift
mkdir -p "$R/dev"
for d in null zero full random urandom tty; do : > "$R/dev/$d"; mount --bind "/dev/$d" "$R/dev/$d"; done
ln -s /proc/self/fd "$R/dev/fd"; ln -s fd/0 "$R/dev/stdin"; ln -s fd/1 "$R/dev/stdout"; ln -s fd/2 "$R/dev/stderr"
if [ "$net" = none ] && command -v ip >/dev/null 2>&1; then ip link set lo up || true; fi
mkdir "$R/.old"; cd "$R"; pivot_root . .old; umount -l /.old; rmdir /.old
mount -o remount,bind,ro /
cd "$cwd"
if [ -n "$P" ]; then PATH=$P; else unset PATH; fi
# Not exec: this sh stays PID 1 of the namespace, as bwrap's own init does. PID 1 ignores every
# signal it has no handler for, so a slice exec'd into it could not even be SIGKILLed from inside.
"$unshare" --user --map-user=${SANDBOX_ID} --map-group=${SANDBOX_ID} -- "$setpriv" --no-new-privs -- "$@" || exit $?
`

/**
 * util-linux `unshare` arguments for a slice, the fallback when bubblewrap is not installed:
 * the same namespaces and view as {@link bwrapArgv}, set up by a small sh script, but no
 * seccomp filter (util-linux has no tool to load one). `rootDir` is an empty host directory
 * used only as a mount point inside the new namespace. With `user` (the launcher runs as root),
 * `setpriv` first becomes that unprivileged account, so the namespaces map to it, never to root.
 */
export function unshareArgv(
  tools: { readonly unshare: string; readonly setpriv: string },
  rootDir: string,
  layout: SandboxLayout,
  command: readonly string[],
  user?: SliceUser,
): string[] {
  const ops: string[] = []
  for (const dir of layout.view.dirs) ops.push('ro', dir)
  for (const [path, target] of layout.view.links) ops.push('link', path, target)
  for (const entry of layout.view.etc) ops.push('ro', entry)
  ops.push('proc')
  const proc = procHardening()
  for (const path of proc.readOnly) ops.push('procro', path)
  for (const path of proc.maskedFiles) ops.push('mask', path)
  for (const path of proc.maskedDirs) ops.push('maskdir', path)
  ops.push('tmp')
  for (const bind of layout.binds)
    ops.push(bind.hidden ? 'hide' : bind.writable ? 'rw' : 'ro', bind.path)
  return [
    tools.setpriv,
    // unshare's own parent death must end the sandbox, as bwrap's --die-with-parent does.
    '--pdeathsig',
    'KILL',
    ...(user === undefined ? [] : setprivAs(user)),
    '--',
    tools.unshare,
    '--user',
    '--map-root-user',
    '--mount',
    '--pid',
    '--fork',
    '--kill-child=SIGKILL',
    '--ipc',
    '--uts',
    ...(layout.network ? [] : ['--net']),
    '--propagation',
    'private',
    '--',
    '/bin/sh',
    '-c',
    SETUP_SCRIPT,
    'runink-sandbox',
    rootDir,
    layout.cwd,
    layout.network ? 'host' : 'none',
    tools.unshare,
    tools.setpriv,
    ...ops,
    '--',
    ...command,
  ]
}
