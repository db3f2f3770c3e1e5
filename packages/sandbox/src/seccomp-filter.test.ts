import { describe, expect, it } from 'vitest'
import { AARCH64, X86_64 } from './seccomp-arch.js'
import { assembleBpf } from './seccomp-bpf.js'
import { DENIED_SYSCALLS, sliceSeccompFilter, type SyscallArch } from './seccomp-filter.js'

const ALLOW = 0x7fff0000
const EPERM = 0x00050001
const ENOSYS = 0x00050026
const KILL = 0x80000000

/** Runs a classic BPF seccomp program on one call, as the kernel would (the subset we emit). */
function evaluate(program: Buffer, arch: number, nr: number, arg0 = 0n): number {
  const data = Buffer.alloc(64)
  data.writeInt32LE(nr, 0)
  data.writeUInt32LE(arch, 4)
  data.writeBigUInt64LE(arg0, 16)
  let acc = 0
  for (let pc = 0; pc * 8 < program.length; pc++) {
    const code = program.readUInt16LE(pc * 8)
    const jt = program.readUInt8(pc * 8 + 2)
    const jf = program.readUInt8(pc * 8 + 3)
    const k = program.readUInt32LE(pc * 8 + 4)
    if (code === 0x20) acc = data.readUInt32LE(k)
    else if (code === 0x06) return k
    else if (code === 0x15) pc += acc === k ? jt : jf
    else if (code === 0x35) pc += acc >= k ? jt : jf
    else if (code === 0x45) pc += (acc & k) !== 0 ? jt : jf
    else throw new Error(`unexpected BPF code ${code}`)
  }
  throw new Error('the program ran off its end')
}

describe.each([X86_64, AARCH64])('slice seccomp filter (%s)', (arch: SyscallArch) => {
  const program = sliceSeccompFilter(arch)
  const run = (name: string, arg0 = 0n) => evaluate(program, arch.audit, arch.numbers[name]!, arg0)

  it('denies every listed call the architecture has with EPERM', () => {
    const present = DENIED_SYSCALLS.filter((n) => arch.numbers[n] !== undefined)
    expect(present.length).toBeGreaterThan(40)
    for (const name of present) expect([name, run(name)]).toEqual([name, EPERM])
  })

  it('allows ordinary calls', () => {
    // read, write, openat, exit_group, futex on both tables.
    const ordinary = arch.name === 'x86_64' ? [0, 1, 257, 231, 202] : [63, 64, 56, 94, 98]
    for (const nr of ordinary) expect(evaluate(program, arch.audit, nr)).toBe(ALLOW)
  })

  it('refuses clone with namespace flags, allows a thread or fork, answers clone3 ENOSYS', () => {
    expect(run('clone', 0x10000000n)).toBe(EPERM) // CLONE_NEWUSER
    expect(run('clone', 0x20000n | 0x11n)).toBe(EPERM) // CLONE_NEWNS | SIGCHLD
    expect(run('clone', 0x40000000n)).toBe(EPERM) // CLONE_NEWNET
    expect(run('clone', 0x3d0f00n)).toBe(ALLOW) // the flags of pthread_create
    expect(run('clone', 0x1200011n)).toBe(ALLOW) // fork
    expect(run('clone3')).toBe(ENOSYS)
  })

  it('limits personality to the default values', () => {
    for (const value of [0n, 8n, 0x20000n, 0x20008n, 0xffffffffn])
      expect(run('personality', value)).toBe(ALLOW)
    expect(run('personality', 0x0400000n)).toBe(EPERM) // READ_IMPLIES_EXEC
    expect(run('personality', 0x100000000n)).toBe(EPERM)
  })

  it('kills a call from another architecture', () => {
    expect(evaluate(program, 0x40000003, 1)).toBe(KILL) // i386
    expect(evaluate(program, 0x40000028, 1)).toBe(KILL) // arm
  })
})

it('kills x32 calls on x86_64, but lets call -1 through to its ENOSYS', () => {
  expect(evaluate(sliceSeccompFilter(X86_64), X86_64.audit, 0x40000000 + 1)).toBe(KILL)
  expect(evaluate(sliceSeccompFilter(X86_64), X86_64.audit, -1)).toBe(ALLOW)
})

describe('assembleBpf', () => {
  it('encodes sock_filter records', () => {
    const bytes = assembleBpf([
      { op: 'load', offset: 4 },
      { op: 'jeq', k: 7, then: 'yes' },
      { op: 'ret', k: 0 },
      { op: 'label', name: 'yes' },
      { op: 'ret', k: ALLOW },
    ])
    expect(bytes.toString('hex')).toBe(
      '2000000004000000' + '1500010007000000' + '0600000000000000' + '060000000000ff7f',
    )
  })

  it('refuses unknown labels, backward jumps and jumps past 255', () => {
    expect(() => assembleBpf([{ op: 'jeq', k: 1, then: 'nowhere' }])).toThrow(/not defined/)
    expect(() =>
      assembleBpf([
        { op: 'label', name: 'top' },
        { op: 'jeq', k: 1, then: 'top' },
      ]),
    ).toThrow(/out of range/)
    const far = [
      { op: 'jeq' as const, k: 1, then: 'end' },
      ...Array.from({ length: 256 }, () => ({ op: 'ret' as const, k: 0 })),
      { op: 'label' as const, name: 'end' },
      { op: 'ret' as const, k: 0 },
    ]
    expect(() => assembleBpf(far)).toThrow(/out of range/)
  })
})
