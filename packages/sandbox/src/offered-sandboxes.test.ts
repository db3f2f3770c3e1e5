import { Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { OfferedSandboxes } from './offered-sandboxes.js'

const info = (id: string) => ({
  id,
  isolation: 'sandbox' as const,
  stagingDir: `/tmp/${id}`,
  prespawned: true,
  warnings: [],
})

function arrive(offered: OfferedSandboxes, warmId: number, fds = [0, 1, 2, 3]): Socket[] {
  return fds.map((fd) => {
    const pipe = new Socket()
    offered.pipe(warmId, fd, pipe)
    return pipe
  })
}

describe('OfferedSandboxes', () => {
  it('offers a sandbox once its four pipes are in, oldest first, per pool key', () => {
    const offered = new OfferedSandboxes()
    arrive(offered, 1)
    offered.offer(1, 'k', info('a'))
    arrive(offered, 2)
    offered.offer(2, 'k', info('b'))
    arrive(offered, 3)
    offered.offer(3, 'other', info('c'))
    expect(offered.take('k')?.slice.id).toBe('a')
    expect(offered.take('k')?.slice.id).toBe('b')
    expect(offered.take('k')).toBeUndefined()
    expect(offered.take(undefined)).toBeUndefined()
    expect(offered.take('other')?.pipes).toHaveLength(4)
  })

  it('drops a sandbox whose pipes did not all arrive, and one withdrawn, closing their pipes', () => {
    const offered = new OfferedSandboxes()
    const partial = arrive(offered, 1, [0, 1, 3])
    offered.offer(1, 'k', info('a'))
    expect(offered.take('k')).toBeUndefined()
    expect(partial.every((p) => p.destroyed)).toBe(true)
    const pipes = arrive(offered, 2)
    offered.offer(2, 'k', info('b'))
    offered.withdraw(2)
    expect(offered.take('k')).toBeUndefined()
    expect(pipes.every((p) => p.destroyed)).toBe(true)
  })

  it('closes every pipe it holds on clear', () => {
    const offered = new OfferedSandboxes()
    const waiting = arrive(offered, 1)
    offered.offer(1, 'k', info('a'))
    const arriving = arrive(offered, 2, [0])
    offered.clear()
    expect([...waiting, ...arriving].every((p) => p.destroyed)).toBe(true)
    expect(offered.take('k')).toBeUndefined()
  })
})
