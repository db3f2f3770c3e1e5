import { createTestDatabase, makeTempDir } from '@runink/testing'
import { openBarn, type Barn, type BarnConfig } from '../barn.js'

/** An open Barn for a test, and how to throw it away. */
export interface TestBarn {
  /** The Barn open now (a reopen replaces it). */
  readonly barn: Barn
  readonly home: string
  /**
   * Closes the Barn and opens the same one again (same home, same database) with other
   * options, as another process or machine would; `barn` becomes the new one.
   */
  reopen(extra?: Partial<BarnConfig>): Promise<Barn>
  cleanup(): Promise<void>
}

/** One way of opening a Barn; every repository suite runs once per factory. */
export interface BarnFactory {
  readonly name: string
  open(extra?: Partial<BarnConfig>): Promise<TestBarn>
}

/** A TestBarn over a Barn opened by open(extra), reopened the same way. */
async function testBarn(
  home: string,
  open: (extra: Partial<BarnConfig>) => Promise<Barn>,
  extra: Partial<BarnConfig>,
  remove: () => Promise<void>,
): Promise<TestBarn> {
  let barn = await open(extra)
  return {
    get barn() {
      return barn
    },
    home,
    async reopen(more = {}) {
      await barn.close()
      barn = await open({ ...extra, ...more })
      return barn
    },
    async cleanup() {
      await barn.close()
      await remove()
    },
  }
}

/** Embedded PGlite in a temporary project, and a fresh database on the local PostgreSQL. */
export const barnFactories: readonly BarnFactory[] = [
  {
    name: 'pglite',
    async open(extra = {}) {
      const dir = await makeTempDir()
      return testBarn(
        dir.path,
        (e) => openBarn({ home: dir.path, ...e }),
        extra,
        () => dir.remove(),
      )
    },
  },
  {
    name: 'postgres',
    async open(extra = {}) {
      const dir = await makeTempDir()
      const database = await createTestDatabase()
      return testBarn(
        dir.path,
        (e) => openBarn({ home: dir.path, databaseUrl: database.url, ...e }),
        extra,
        async () => {
          await database.drop()
          await dir.remove()
        },
      )
    },
  },
]
