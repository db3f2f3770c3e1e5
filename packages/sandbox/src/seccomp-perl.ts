import { hostSyscallArch } from './seccomp-arch.js'
import { sliceSeccompFilter, type SyscallArch } from './seccomp-filter.js'

// Installs the filter given in hex (struct sock_fprog: u16 length, padding, pointer; 64-bit
// little-endian, as on the architectures with a table), then execs the command in place. The
// caller has set no_new_privs (setpriv), which seccomp(2) requires of an unprivileged process.
const LOADER = `my ($nr, $hex) = splice(@ARGV, 0, 2);
my $prog = pack("H*", $hex);
my $fprog = pack("S x6 P", length($prog) / 8, $prog);
syscall($nr, 1, 0, $fprog) == 0 or die "runink sandbox: cannot load the seccomp filter: $!\\n";
exec { $ARGV[0] } @ARGV or die "runink sandbox: cannot run $ARGV[0]: $!\\n";`

/**
 * A command prefix that loads `program` (see sliceSeccompFilter) with `perl` before exec'ing
 * what follows: util-linux has no tool for it, and the unshare backend must not go without.
 */
export function perlSeccompPrefix(perl: string, program: Buffer, arch: SyscallArch): string[] {
  const nr = arch.numbers.seccomp
  if (nr === undefined) throw new Error(`${arch.name} table lacks seccomp`)
  return [perl, '-e', LOADER, String(nr), program.toString('hex')]
}

/**
 * The prefix for slices of the unshare backend on this host, or undefined with a warning where
 * it cannot have one (no perl, or no table for this architecture).
 */
export function unshareSeccompPrefix(
  perl: string | undefined,
  warnings: string[],
): string[] | undefined {
  const arch = hostSyscallArch()
  const why =
    arch === undefined
      ? `Runink has no system-call table for ${process.arch}`
      : perl === undefined
        ? 'the unshare backend loads it with perl, which is not installed; install bubblewrap or perl'
        : undefined
  if (why !== undefined || arch === undefined || perl === undefined) {
    warnings.push(`slices run without a seccomp filter: ${why ?? ''}`)
    return undefined
  }
  return perlSeccompPrefix(perl, sliceSeccompFilter(arch), arch)
}
