import type { BarnContext } from '../../barn-context.js'

/**
 * Key material the server makes once and keeps in the Barn, by name (the JWT signing key), so
 * every server process on the Barn uses the same. Rows are never changed or deleted.
 */
export class ServerKeysRepo {
  constructor(private readonly ctx: BarnContext) {}

  /**
   * The material kept under name; made with `make` and stored when there is none. When two
   * processes race, the first stored wins and both return it.
   */
  async ensure(name: string, make: () => Promise<unknown>): Promise<unknown> {
    const read = () =>
      this.ctx.db
        .selectFrom('server_keys')
        .select('material')
        .where('name', '=', name)
        .executeTakeFirst()
    const kept = await read()
    if (kept) return kept.material
    const material = await make()
    await this.ctx.db
      .insertInto('server_keys')
      .values({
        name,
        material: JSON.stringify(material),
        created_at: this.ctx.clock.now(),
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute()
    return (await read())?.material
  }
}
