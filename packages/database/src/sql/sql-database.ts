import type { Kysely } from 'kysely';
import type { Database, Dialect } from '../database';
import { sqlAccountStore } from './accounts.sql-store';
import { codecFor } from './codec';
import type { SqlContext } from './context';
import { sqlMfaTicketStore } from './mfa-tickets.sql-store';
import { sqlRelationshipStore } from './relationships.sql-store';
import type { Schema } from './schema';
import { sqlSessionStore } from './sessions.sql-store';
import { sqlUserStore } from './users.sql-store';

function build(ctx: SqlContext, close: () => Promise<void>): Database {
  const database: Database = {
    dialect: ctx.dialect,
    accounts: sqlAccountStore(ctx),
    sessions: sqlSessionStore(ctx),
    mfaTickets: sqlMfaTicketStore(ctx),
    users: sqlUserStore(ctx),
    relationships: sqlRelationshipStore(ctx),
    transaction(fn) {
      if (ctx.db.isTransaction) return fn(database);
      return ctx.db
        .transaction()
        .execute((trx) => fn(build({ ...ctx, db: trx }, closeInTransaction)));
    },
    close,
  };
  return database;
}

async function closeInTransaction(): Promise<void> {
  throw new Error('close the Database, not a transaction handle');
}

/**
 * A Database over an already migrated Kysely instance. `close` is called once by
 * Database.close (it should destroy the Kysely instance and anything under it).
 */
export function createSqlDatabase(
  db: Kysely<Schema>,
  dialect: Dialect,
  close: () => Promise<void>,
): Database {
  let closed: Promise<void> | null = null;
  return build({ db, dialect, codec: codecFor(dialect) }, () => (closed ??= close()));
}
