import { didYouMeanHint } from '@runink/core'
import type { Reporter } from '../diagnostics/reporter.js'
import type { Annotation, Arg, Value } from '../syntax/ast.js'

/** What an annotation accepts: how many positional arguments, which names and clauses. */
export interface ArgShape {
  readonly positional?: number
  readonly named?: readonly string[]
  /** Accept any named argument (free `key=value` maps such as `@module`, step params). */
  readonly anyNamed?: boolean
  readonly clauses?: readonly string[]
}

/** Reads the arguments of one annotation, reporting what does not fit its shape. */
export class AnnotationArgs {
  constructor(
    readonly annotation: Annotation,
    private readonly report: Reporter,
  ) {}

  /** Reports arguments outside the shape (once per argument). */
  checkShape(shape: ArgShape): void {
    const a = this.annotation
    let positional = 0
    const seen = new Set<string>()
    for (const arg of a.args) {
      if (arg.style === 'positional') {
        positional++
        if (positional > (shape.positional ?? 0))
          this.report.error(
            'RUNINK_DSL_UNKNOWN_ARGUMENT',
            arg.span,
            `@${a.name} takes ${describeCount(shape.positional ?? 0)}`,
            shape.named?.length
              ? `name it: ${shape.named.map((n) => `${n}=`).join(', ')}`
              : undefined,
          )
        continue
      }
      const name = arg.name ?? ''
      const allowed = arg.style === 'clause' ? (shape.clauses ?? []) : (shape.named ?? [])
      if (arg.style === 'named' && shape.anyNamed !== true && !allowed.includes(name)) {
        const options = allowed.length === 0 ? 'no named arguments' : allowed.join(', ')
        this.report.error(
          'RUNINK_DSL_UNKNOWN_ARGUMENT',
          arg.nameSpan ?? arg.span,
          `@${a.name} has no argument "${name}"`,
          `it takes ${options}${didYouMeanHint(name, allowed)}`,
        )
      } else if (arg.style === 'clause' && !allowed.includes(name)) {
        this.report.error(
          'RUNINK_DSL_UNKNOWN_ARGUMENT',
          arg.nameSpan ?? arg.span,
          `@${a.name} takes no "${name}" clause`,
        )
      } else if (seen.has(`${arg.style}:${name}`)) {
        this.report.error(
          'RUNINK_DSL_BAD_ARGUMENT',
          arg.nameSpan ?? arg.span,
          `"${name}" is given twice`,
        )
      }
      seen.add(`${arg.style}:${name}`)
    }
  }

  /** The i-th positional argument. */
  positional(i = 0): Arg | undefined {
    return this.annotation.args.filter((a) => a.style === 'positional')[i]
  }

  /** The named argument `name` (its first occurrence). */
  named(name: string): Arg | undefined {
    return this.annotation.args.find((a) => a.style === 'named' && a.name === name)
  }

  /** The clause `name` (`when`, `with`). */
  clause(name: string): Arg | undefined {
    return this.annotation.args.find((a) => a.style === 'clause' && a.name === name)
  }

  /** Named arguments in order. */
  allNamed(): Arg[] {
    return this.annotation.args.filter((a) => a.style === 'named')
  }

  /** Nested annotations among the positional arguments. */
  nested(): Annotation[] {
    return this.annotation.args.flatMap((a) =>
      a.style === 'positional' && a.value.kind === 'annotation' ? [a.value.annotation] : [],
    )
  }

  /** The text of a string or word argument, reporting other kinds. */
  text(arg: Arg | undefined, what: string): string | undefined {
    if (arg === undefined) return undefined
    if (arg.value.kind === 'annotation') {
      this.report.error(
        'RUNINK_DSL_BAD_ARGUMENT',
        arg.span,
        `${what} must be a value, not an annotation`,
      )
      return undefined
    }
    return arg.value.value
  }

  /** A required text argument: positional `i` or named `name`. */
  required(what: string, name?: string, i = 0): { text: string; arg: Arg } | undefined {
    const arg = (name === undefined ? undefined : this.named(name)) ?? this.firstPlainPositional(i)
    const text = this.text(arg, what)
    if (arg === undefined || text === undefined) {
      if (arg === undefined) this.missing(what, name)
      return undefined
    }
    return { text, arg }
  }

  /** Reports a missing required argument. */
  missing(what: string, name?: string): void {
    const a = this.annotation
    this.report.error(
      'RUNINK_DSL_MISSING_ARGUMENT',
      a.span,
      `@${a.name} needs ${what}`,
      name === undefined ? undefined : `e.g. @${a.name}(${name}=…)`,
    )
  }

  private firstPlainPositional(i: number): Arg | undefined {
    return this.annotation.args.filter(
      (a) => a.style === 'positional' && a.value.kind !== 'annotation',
    )[i]
  }
}

/** A boolean from `true`/`false` (words or strings). */
export function boolOf(value: Value): boolean | undefined {
  if (value.kind === 'annotation') return undefined
  return value.value === 'true' ? true : value.value === 'false' ? false : undefined
}

function describeCount(n: number): string {
  return n === 0
    ? 'no positional arguments'
    : n === 1
      ? 'one positional argument'
      : `${n} positional arguments`
}
