import type { ChangeKind, ContractChange } from './contract-change.js'

/** Collects changes in the order they are found; `before`/`after` only when given. */
export class ChangeSink {
  readonly changes: ContractChange[] = []

  /** Records a change. */
  add(
    path: string,
    kind: ChangeKind,
    breaking: boolean,
    message: string,
    before?: unknown,
    after?: unknown,
  ): void {
    const change: ContractChange = { path, kind, breaking, message }
    this.changes.push({
      ...change,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    })
  }
}

/** `a.b` joined, skipping an empty head. */
export const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`)

/** A value as it appears in messages. */
export const show = (value: unknown): string => JSON.stringify(value) ?? String(value)
