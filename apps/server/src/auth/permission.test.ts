import { describe, expect, it } from 'vitest'
import { globMatches, permits, resourceOf, verbOf } from './permission.js'

describe('custom role permissions', () => {
  it('names a route by the verb of its method and its path under the herd', () => {
    expect(verbOf('GET')).toBe('read')
    expect(verbOf('head')).toBe('read')
    expect(verbOf('POST')).toBe('write')
    expect(verbOf('PUT')).toBe('write')
    expect(verbOf('DELETE')).toBe('delete')
    expect(resourceOf('/api/v1/herds/:herd/runs/:runId/cancel')).toBe('runs/{runId}/cancel')
    expect(resourceOf('/api/v1/herds/:herd/datasets')).toBe('datasets')
    expect(resourceOf('/api/v1/herds')).toBeUndefined()
    expect(resourceOf('/api/v1/audit/entries')).toBeUndefined()
  })

  it('matches * within a segment and ** across any number', () => {
    expect(globMatches('runs', 'runs')).toBe(true)
    expect(globMatches('runs', 'runs/{runId}')).toBe(false)
    expect(globMatches('runs/*', 'runs/{runId}')).toBe(true)
    expect(globMatches('runs/*', 'runs/{runId}/cancel')).toBe(false)
    expect(globMatches('runs/**', 'runs/{runId}/cancel')).toBe(true)
    expect(globMatches('runs/**', 'runs')).toBe(true)
    expect(globMatches('**', 'tokens/{id}')).toBe(true)
    expect(globMatches('data*', 'datasets')).toBe(true)
    expect(globMatches('runs/*/cancel', 'runs/{runId}/cancel')).toBe(true)
    expect(globMatches('runs.*', 'runsx')).toBe(false)
  })

  it('denies by default and lets a deny win over an allow', () => {
    const role = { allow: ['read:runs/**', '*:datasets/**'], deny: ['read:runs/*/logs'] }
    expect(permits(role, 'read', 'runs/{runId}')).toBe(true)
    expect(permits(role, 'read', 'runs/{runId}/logs')).toBe(false)
    expect(permits(role, 'write', 'runs')).toBe(false)
    expect(permits(role, 'delete', 'datasets/{name}')).toBe(true)
    expect(permits(role, 'read', 'tokens')).toBe(false)
    expect(permits({ allow: [], deny: [] }, 'read', 'runs')).toBe(false)
  })
})
