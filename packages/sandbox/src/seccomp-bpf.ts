/**
 * A tiny assembler for classic BPF as the kernel's seccomp reads it (`struct sock_filter`:
 * u16 code, u8 jt, u8 jf, u32 k; host byte order, little-endian on the architectures Runink
 * filters). Jumps name labels; the assembler turns them into the forward offsets BPF wants.
 */

/** `BPF_LD | BPF_W | BPF_ABS`: load the 32-bit word at an offset of `struct seccomp_data`. */
const LD_W_ABS = 0x20
/** `BPF_JMP | BPF_JEQ | BPF_K`, `BPF_JGE`, `BPF_JSET`: compare the accumulator with k. */
const JEQ = 0x15
const JGE = 0x35
const JSET = 0x45
/** `BPF_RET | BPF_K`. */
const RET = 0x06

/** One instruction before assembly; a jump's targets are labels, `undefined` meaning the next. */
export type BpfStep =
  | { readonly op: 'load'; readonly offset: number }
  | {
      readonly op: 'jeq' | 'jge' | 'jset'
      readonly k: number
      readonly then?: string
      readonly else?: string
    }
  | { readonly op: 'ret'; readonly k: number }
  | { readonly op: 'label'; readonly name: string }

/** The kernel's limit on a filter's length (BPF_MAXINSNS). */
export const BPF_MAX_INSNS = 4096

/**
 * Assembles steps into the bytes `bwrap --seccomp` and `prctl(PR_SET_SECCOMP)` take. Throws on
 * an unknown label, a backward jump or one further than 255 instructions (BPF's 8-bit offsets).
 */
export function assembleBpf(steps: readonly BpfStep[]): Buffer {
  const labels = new Map<string, number>()
  let count = 0
  for (const step of steps) {
    if (step.op !== 'label') count++
    else if (labels.has(step.name)) throw new Error(`BPF label ${step.name} defined twice`)
    else labels.set(step.name, count)
  }
  if (count > BPF_MAX_INSNS) throw new Error(`BPF program of ${count} instructions is too long`)
  const out = Buffer.alloc(count * 8)
  let at = 0
  const offset = (label: string | undefined): number => {
    if (label === undefined) return 0
    const target = labels.get(label)
    if (target === undefined) throw new Error(`BPF label ${label} is not defined`)
    const jump = target - (at + 1)
    if (jump < 0 || jump > 255) throw new Error(`BPF jump to ${label} out of range (${jump})`)
    return jump
  }
  for (const step of steps) {
    if (step.op === 'label') continue
    let code: number
    let jt = 0
    let jf = 0
    let k: number
    if (step.op === 'load') {
      code = LD_W_ABS
      k = step.offset
    } else if (step.op === 'ret') {
      code = RET
      k = step.k
    } else {
      code = step.op === 'jeq' ? JEQ : step.op === 'jge' ? JGE : JSET
      jt = offset(step.then)
      jf = offset(step.else)
      k = step.k
    }
    out.writeUInt16LE(code, at * 8)
    out.writeUInt8(jt, at * 8 + 2)
    out.writeUInt8(jf, at * 8 + 3)
    out.writeUInt32LE(k >>> 0, at * 8 + 4)
    at++
  }
  return out
}
