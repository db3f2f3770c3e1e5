import { createTestDatabase, makeTempDir } from '@runink/testing'
import { openBarn, type Barn, type BarnConfig } from '../barn.js'

/** An open Barn for a test, and how to throw it away. */
export interface TestBarn {
  readonly barn: Barn
  readonly home: string
  cleanup(): Promise<void>
}

/** One way of opening a Barn; every repository suite runs once per factory. */
export interface BarnFactory {
  readonly name: string
  open(extra?: Partial<BarnConfig>): Promise<TestBarn>
}

/** Embedded PGlite in a temporary project, and a fresh database on the local PostgreSQL. */
export const barnFactories: readonly BarnFactory[] = [
  {
    name: 'pglite',
    async open(extra = {}) {
      const dir = await makeTempDir()
      const barn = await openBarn({ home: dir.path, ...extra })
      return {
        barn,
        home: dir.path,
        async cleanup() {
          await barn.close()
          await dir.remove()
        },
      }
    },
  },
  {
    name: 'postgres',
    async open(extra = {}) {
      const dir = await makeTempDir()
      const database = await createTestDatabase()
      const barn = await openBarn({ home: dir.path, databaseUrl: database.url, ...extra })
      return {
        barn,
        home: dir.path,
        async cleanup() {
          await barn.close()
          await database.drop()
          await dir.remove()
        },
      }
    },
  },
]
