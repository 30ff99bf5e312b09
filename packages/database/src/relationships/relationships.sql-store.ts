import type { RelationshipStatus, RelationshipStore } from './relationships.store';
import { atomic, type SqlContext } from '../sql/context';

/** A row of `relationships` as the SQL drivers see it. */
export interface RelationshipsTable {
  user_id: string;
  other_id: string;
  status: string;
}

/** The table of the relationships domain, keyed by SQL name. */
export interface RelationshipsTables {
  relationships: RelationshipsTable;
}

const STATUSES: ReadonlySet<string> = new Set<RelationshipStatus>([
  'Friend',
  'Outgoing',
  'Incoming',
  'Blocked',
  'BlockedOther',
]);

function readStatus(value: string): RelationshipStatus {
  if (!STATUSES.has(value)) throw new TypeError(`unknown relationship status ${value}`);
  return value as RelationshipStatus;
}

async function setOne(
  ctx: SqlContext<RelationshipsTables>,
  userId: string,
  otherId: string,
  status: RelationshipStatus | null,
): Promise<void> {
  if (status === null) {
    await ctx.db
      .deleteFrom('relationships')
      .where('user_id', '=', userId)
      .where('other_id', '=', otherId)
      .execute();
    return;
  }
  await ctx.db
    .insertInto('relationships')
    .values({ user_id: userId, other_id: otherId, status })
    .onConflict((oc) => oc.columns(['user_id', 'other_id']).doUpdateSet({ status }))
    .execute();
}

/** RelationshipStore over Kysely, for both dialects. "None" is the absence of a row. */
export function sqlRelationshipStore(ctx: SqlContext<RelationshipsTables>): RelationshipStore {
  return {
    async get(userId, otherId) {
      const r = await ctx.db
        .selectFrom('relationships')
        .select('status')
        .where('user_id', '=', userId)
        .where('other_id', '=', otherId)
        .executeTakeFirst();
      return r ? readStatus(r.status) : null;
    },
    async list(userId) {
      const rows = await ctx.db
        .selectFrom('relationships')
        .select(['other_id', 'status'])
        .where('user_id', '=', userId)
        .orderBy('other_id')
        .execute();
      return rows.map((r) => ({ id: r.other_id, status: readStatus(r.status) }));
    },
    async setPair(a, statusOfAForB, b, statusOfBForA) {
      if (a === b) throw new RangeError('a relationship needs two different users');
      // The table's CHECK constraint rejects unknown statuses; the pair then rolls back whole.
      await atomic(ctx, async (tx) => {
        await setOne(tx, a, b, statusOfAForB);
        await setOne(tx, b, a, statusOfBForA);
      });
    },
    async countByStatus(userId, status) {
      const r = await ctx.db
        .selectFrom('relationships')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .where('status', '=', status)
        .executeTakeFirstOrThrow();
      return ctx.codec.readInt(r.n);
    },
  };
}
