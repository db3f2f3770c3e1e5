import { describe, expect, it } from 'vitest'
import { parseCount, parseCpuMillis, parseDurationMs, parseMemoryBytes } from './units.js'
import { parseUri } from './parse-uri.js'

describe('units', () => {
  it('parses durations', () => {
    expect(['250ms', '30s', '5m', '1h', '1h30m', '2d', '1.5s'].map(parseDurationMs)).toEqual([
      250, 30_000, 300_000, 3_600_000, 5_400_000, 172_800_000, 1500,
    ])
    expect(['', '5', 'm', '5x', '-1s', '0s', '5 m'].map(parseDurationMs)).toEqual(
      Array(7).fill(undefined),
    )
  })
  it('parses cpu in millicores', () => {
    expect(['500m', '2', '0.5', '1.25'].map(parseCpuMillis)).toEqual([500, 2000, 500, 1250])
    expect(['0', '0m', 'two', '1.5m', '500M'].map(parseCpuMillis)).toEqual(Array(5).fill(undefined))
  })
  it('parses memory in bytes', () => {
    expect(['256Mi', '2Gi', '512M', '1G', '1024', '1Ki'].map(parseMemoryBytes)).toEqual([
      256 * 2 ** 20,
      2 * 2 ** 30,
      512e6,
      1e9,
      1024,
      1024,
    ])
    expect(['256MB', 'Mi', '0', '-1Gi', '1mi'].map(parseMemoryBytes)).toEqual(
      Array(5).fill(undefined),
    )
  })
  it('parses counts', () => {
    expect(['0', '3', 'x', '-1', '1.5'].map(parseCount)).toEqual([
      0,
      3,
      undefined,
      undefined,
      undefined,
    ])
  })
})

describe('parseUri', () => {
  it('accepts every known scheme in its direction', () => {
    for (const uri of [
      'csv://a.csv',
      'jsonl://out/x.jsonl',
      'json://x.json',
      'parquet://x.parquet',
      'dataset://bronze.trades@3',
      's3://bucket/key.parquet',
      'postgres://host/db',
      'http://h/x',
      'https://h/x',
      'nats://host:4222/subject',
    ])
      expect(parseUri(uri, 'source')).toHaveProperty('scheme')
    expect(parseUri('stdout://', 'sink')).toMatchObject({ scheme: 'stdout', location: '' })
  })
  it('rejects bad URIs with a reason', () => {
    expect(parseUri('ftp://x', 'source')).toMatchObject({ unknownScheme: 'ftp' })
    expect(parseUri('https://h/x', 'sink')).toMatchObject({
      message: 'https:// can only be a source',
    })
    expect(parseUri('stdout://', 'source')).toMatchObject({
      message: 'stdout:// can only be a sink',
    })
    expect(parseUri('csv://', 'source')).toHaveProperty('message')
    expect(parseUri('csv://out/', 'sink')).toHaveProperty('message')
    expect(parseUri('dataset://a b', 'source')).toHaveProperty('message')
    expect(parseUri('s3://bucket', 'source')).toHaveProperty('message')
  })
})
