import type { Socket } from 'node:net'
import type { LaunchedSlice } from './supervisor-protocol.js'

/** A pre-spawned sandbox the supervisor offered: its pipes are here, its process there. */
export interface OfferedSandbox {
  readonly warmId: number
  readonly slice: LaunchedSlice
  /** stdin, stdout, stderr and fd 3 of the waiting slice. */
  readonly pipes: readonly Socket[]
}

/**
 * The caller's side of the supervisor's pre-spawned sandboxes: their pipes as they arrive (one
 * handle per IPC message), then the sandboxes by pool key, oldest first, until a launch takes
 * one or the supervisor withdraws it.
 */
export class OfferedSandboxes {
  private readonly arriving = new Map<number, Socket[]>()
  private readonly byKey = new Map<string, OfferedSandbox[]>()

  /** Keeps one pipe; it must not keep this process alive while its sandbox waits. */
  pipe(warmId: number, fd: number, pipe: Socket | undefined): void {
    if (pipe === undefined) return
    pipe.unref()
    pipe.on('error', () => undefined)
    const pipes = this.arriving.get(warmId) ?? []
    pipes[fd] = pipe
    this.arriving.set(warmId, pipes)
  }

  /** The sandbox whose pipes arrived is offered for launches with this pool key. */
  offer(warmId: number, key: string, slice: LaunchedSlice): void {
    const pipes = this.arriving.get(warmId) ?? []
    this.arriving.delete(warmId)
    if ([0, 1, 2, 3].some((fd) => pipes[fd] === undefined)) {
      for (const pipe of pipes) pipe?.destroy()
      return
    }
    const list = this.byKey.get(key) ?? []
    list.push({ warmId, slice, pipes })
    this.byKey.set(key, list)
  }

  /** The oldest sandbox offered for `key`, now the caller's to claim. */
  take(key: string | undefined): OfferedSandbox | undefined {
    return key === undefined ? undefined : this.byKey.get(key)?.shift()
  }

  /** The sandbox died while it waited. */
  withdraw(warmId: number): void {
    for (const list of this.byKey.values()) {
      const index = list.findIndex((o) => o.warmId === warmId)
      if (index < 0) continue
      for (const pipe of list[index]?.pipes ?? []) pipe.destroy()
      list.splice(index, 1)
    }
  }

  /** Closes every pipe held (the supervisor is closing or gone). */
  clear(): void {
    for (const list of this.byKey.values())
      for (const { pipes } of list.splice(0)) for (const pipe of pipes) pipe.destroy()
    for (const pipes of this.arriving.values()) for (const pipe of pipes) pipe?.destroy()
    this.arriving.clear()
  }
}
