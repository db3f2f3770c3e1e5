import { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely'
import type { BarnDatabase } from './barn-database.js'
import { Mutex } from './mutex.js'
import type { BarnSchema } from './schema.js'

/**
 * A Kysely driver for PGlite. PGlite is one connection; this driver lends it to one caller at a
 * time, so a transaction never interleaves with unrelated queries (kysely-pglite's driver hands
 * the same connection to everyone, and is built against another Kysely major).
 */
class PgliteDriver implements Driver {
  constructor(
    private readonly client: PGlite,
    private readonly mutex: Mutex,
  ) {}
  private readonly releases = new Map<DatabaseConnection, () => void>()

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.mutex.acquire()
    const client = this.client
    const connection: DatabaseConnection = {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        const result = await client.query<R>(query.sql, [...query.parameters])
        return {
          rows: result.rows,
          ...(result.affectedRows !== undefined
            ? { numAffectedRows: BigInt(result.affectedRows) }
            : {}),
        }
      },
      // eslint-disable-next-line require-yield
      async *streamQuery() {
        throw new Error('PGlite does not stream query results')
      },
    }
    this.releases.set(connection, release)
    return connection
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN'))
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('COMMIT'))
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('ROLLBACK'))
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.releases.get(connection)?.()
    this.releases.delete(connection)
  }
  async destroy(): Promise<void> {
    await this.client.close()
  }
}

/**
 * PGlite's start parameters with a 16 MB buffer pool instead of initdb's 128 MB: a Barn holds
 * metadata (dataset bytes live in the object store), and setting up the larger pool cost about
 * a quarter of opening the database, on every command.
 */
export const PGLITE_START_PARAMS: readonly string[] = [
  ...PGlite.defaultStartParams,
  '-c',
  'shared_buffers=16MB',
]

/** Opens PGlite in dataDir (`memory://` for an in-memory database). */
export async function openPglite(dataDir: string): Promise<BarnDatabase> {
  return pgliteDatabase(await PGlite.create(dataDir, { startParams: [...PGLITE_START_PARAMS] }))
}

/** The Barn's query layer over an open PGlite client; close() closes the client. */
export function pgliteDatabase(client: PGlite): BarnDatabase {
  const mutex = new Mutex()
  const db = new Kysely<BarnSchema>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new PgliteDriver(client, mutex),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  })
  return {
    kind: 'pglite',
    db,
    withSession: (fn) =>
      mutex.run(() =>
        fn(async (script) => {
          const results = await client.exec(script)
          return (results.at(-1)?.rows ?? []) as Array<Record<string, unknown>>
        }),
      ),
    close: () => db.destroy(),
  }
}
