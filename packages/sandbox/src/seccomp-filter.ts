import { assembleBpf, type BpfStep } from './seccomp-bpf.js'

/** What the kernel does with a system call (`SECCOMP_RET_*`; errno in the low 16 bits). */
const ALLOW = 0x7fff0000
const ERRNO = 0x00050000
const KILL_PROCESS = 0x80000000
const EPERM = 1
const ENOSYS = 38

/** Offsets in `struct seccomp_data`: nr, arch, then args[6] of 64 bits (low word first). */
const NR = 0
const ARCH = 4
const ARG0_LOW = 16
const ARG0_HIGH = 20

/** `CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET` (Docker's mask). */
export const CLONE_NAMESPACE_FLAGS = 0x7e020000
/** personality(2) values Docker allows: PER_LINUX, UNAME26, ADDR_NO_RANDOMIZE, both, query. */
export const ALLOWED_PERSONALITIES = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff] as const

/** A system-call table: the numbers of one architecture. */
export interface SyscallArch {
  readonly name: string
  /** `AUDIT_ARCH_*`. */
  readonly audit: number
  /** Numbers at or above this belong to another ABI on the same arch (x32); killed. */
  readonly abiBit?: number
  readonly numbers: Readonly<Record<string, number>>
}

/**
 * System calls a slice never needs and Docker's default profile denies (to containers without
 * the matching capability): tracing and inspecting other processes, kernel keyrings, BPF,
 * namespaces and mounts, kernel modules, the clock, swap, reboot, raw I/O ports, handles that
 * bypass path permissions, io_uring (a large attack surface Docker also refuses), and obsolete
 * calls. Answered EPERM; names missing from an architecture's table are skipped.
 */
export const DENIED_SYSCALLS = [
  'ptrace',
  'process_vm_readv',
  'process_vm_writev',
  'kcmp',
  'keyctl',
  'add_key',
  'request_key',
  'bpf',
  'userfaultfd',
  'perf_event_open',
  'fanotify_init',
  'unshare',
  'setns',
  'mount',
  'umount2',
  'pivot_root',
  'open_tree',
  'move_mount',
  'fsopen',
  'fsconfig',
  'fsmount',
  'fspick',
  'mount_setattr',
  'swapon',
  'swapoff',
  'reboot',
  'kexec_load',
  'kexec_file_load',
  'init_module',
  'finit_module',
  'delete_module',
  'create_module',
  'query_module',
  'get_kernel_syms',
  'acct',
  'quotactl',
  'quotactl_fd',
  'name_to_handle_at',
  'open_by_handle_at',
  'lookup_dcookie',
  'iopl',
  'ioperm',
  'modify_ldt',
  'syslog',
  'clock_settime',
  'settimeofday',
  'adjtimex',
  'clock_adjtime',
  'vhangup',
  'io_uring_setup',
  'io_uring_enter',
  'io_uring_register',
  'uselib',
  'ustat',
  'sysfs',
  'nfsservctl',
  '_sysctl',
  'afs_syscall',
  'vserver',
  'getpmsg',
  'putpmsg',
  'tuxcall',
  'security',
] as const

/**
 * The seccomp program for slices on `arch`: another architecture or ABI kills the process;
 * DENIED_SYSCALLS return EPERM; clone with any namespace flag returns EPERM; clone3 returns
 * ENOSYS (its flags live in memory a filter cannot read, so libc falls back to clone, whose
 * flags it can); personality is limited to ALLOWED_PERSONALITIES; everything else is allowed.
 */
export function sliceSeccompFilter(arch: SyscallArch): Buffer {
  const nr = (name: string): number | undefined => arch.numbers[name]
  const steps: BpfStep[] = [
    { op: 'load', offset: ARCH },
    { op: 'jeq', k: arch.audit, else: 'kill' },
    { op: 'load', offset: NR },
  ]
  // nr -1 is no call (a tracer cancelling one): the kernel answers it ENOSYS, as libseccomp lets it.
  if (arch.abiBit !== undefined)
    steps.push(
      { op: 'jeq', k: 0xffffffff, then: 'allow' },
      { op: 'jge', k: arch.abiBit, then: 'kill' },
    )
  for (const name of DENIED_SYSCALLS) {
    const n = nr(name)
    if (n !== undefined) steps.push({ op: 'jeq', k: n, then: 'eperm' })
  }
  const clone3 = nr('clone3')
  if (clone3 !== undefined) steps.push({ op: 'jeq', k: clone3, then: 'enosys' })
  steps.push(
    { op: 'jeq', k: required(arch, 'clone'), then: 'clone' },
    { op: 'jeq', k: required(arch, 'personality'), then: 'personality' },
    { op: 'ret', k: ALLOW },
    { op: 'label', name: 'clone' },
    { op: 'load', offset: ARG0_LOW },
    { op: 'jset', k: CLONE_NAMESPACE_FLAGS, then: 'eperm', else: 'allow' },
    { op: 'label', name: 'personality' },
    { op: 'load', offset: ARG0_HIGH },
    { op: 'jeq', k: 0, else: 'eperm' },
    { op: 'load', offset: ARG0_LOW },
    ...ALLOWED_PERSONALITIES.map((k): BpfStep => ({ op: 'jeq', k, then: 'allow' })),
    // Every jump goes forward, so the answers come last.
    { op: 'label', name: 'eperm' },
    { op: 'ret', k: ERRNO | EPERM },
    { op: 'label', name: 'allow' },
    { op: 'ret', k: ALLOW },
    { op: 'label', name: 'enosys' },
    { op: 'ret', k: ERRNO | ENOSYS },
    { op: 'label', name: 'kill' },
    { op: 'ret', k: KILL_PROCESS },
  )
  return assembleBpf(steps)
}

function required(arch: SyscallArch, name: string): number {
  const n = arch.numbers[name]
  if (n === undefined) throw new Error(`${arch.name} table lacks ${name}`)
  return n
}
