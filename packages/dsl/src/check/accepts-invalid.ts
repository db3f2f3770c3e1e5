import type { CelAst as ASTNode } from '@runink/contracts'

type Tri = boolean | undefined

/** True when the node reads `record.valid`. */
function isRecordValid(n: ASTNode): boolean {
  if (n.op !== '.') return false
  const [base, key] = n.args
  return key === 'valid' && base.op === 'id' && base.args === 'record'
}

/** Three-valued evaluation of a boolean condition knowing only `record.valid == false`. */
function evalInvalid(n: ASTNode): Tri {
  switch (n.op) {
    case 'value':
      return typeof n.args === 'boolean' ? n.args : undefined
    case '.':
      return isRecordValid(n) ? false : undefined
    case '!_': {
      const v = evalInvalid(n.args)
      return v === undefined ? undefined : !v
    }
    case '&&': {
      const [a, b] = n.args.map(evalInvalid)
      return a === false || b === false ? false : a === true && b === true ? true : undefined
    }
    case '||': {
      const [a, b] = n.args.map(evalInvalid)
      return a === true || b === true ? true : a === false && b === false ? false : undefined
    }
    case '==':
    case '!=': {
      const [a, b] = n.args.map(evalInvalid)
      if (a === undefined || b === undefined) return undefined
      return n.op === '==' ? a === b : a !== b
    }
    case '?:': {
      const [c, t, e] = n.args.map(evalInvalid)
      return c === undefined ? (t === e ? t : undefined) : c ? t : e
    }
    default:
      return undefined
  }
}

/**
 * Whether a sink condition can select an invalid record: false only when it is provably false
 * for every record with `record.valid == false` (e.g. `record.valid && x`).
 */
export function acceptsInvalid(when: ASTNode | undefined): boolean {
  if (when === undefined) return false
  return evalInvalid(when) !== false
}
