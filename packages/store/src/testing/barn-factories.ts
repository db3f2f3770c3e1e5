import { createTestDatabase, makeTempDir } from '@runink/testing'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openBarn, type Barn, type BarnConfig } from '../barn.js'

/**
 * Where the test Barns' template is kept (made by the first test that needs it): a new PGlite
 * Barn is then unpacked in a fraction of a second instead of running initdb for every suite.
 * db/barn-template.test.ts covers Barns made without one.
 */
const TEST_TEMPLATES = join(tmpdir(), 'runink-test-barn-templates')

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
        (e) => openBarn({ home: dir.path, templateDir: TEST_TEMPLATES, ...e }),
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
